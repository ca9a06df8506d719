package io.managedobjects.internal.client;

import io.managedobjects.internal.BuiltInType;
import io.managedobjects.SharedRef;

/** Makes the proxy of a reference, for any channel: the built-in types' own classes, or a user type's proxy. */
public final class Proxies {

    private Proxies() {
    }

    /**
     * The proxy of a reference.
     *
     * @param channel how the proxy reaches its object
     * @param ref the object
     * @return a proxy implementing the object's shared interface (or the user's api type) and {@code SharedObject}
     */
    public static Object create(ProxyChannel channel, SharedRef ref) {
        BuiltInType builtIn = BuiltInType.of(ref.type());
        if (builtIn == null) {
            return UserProxies.create(channel.userType(ref.type()), new UserObjectHandler(channel, ref));
        }
        return switch (builtIn) {
            case MAP -> new RemoteMap<>(channel, ref);
            case LIST -> new RemoteList<>(channel, ref);
            case SET -> new RemoteSet<>(channel, ref);
            case VALUE -> new RemoteValue<>(channel, ref);
            case ATOMIC_LONG -> new RemoteAtomicLong(channel, ref);
            case NAMESPACE -> new RemoteNamespace(channel, ref);
            case LOCK, REENTRANT_LOCK -> new RemoteLock(channel, ref);
            case CONDITION -> new RemoteCondition(channel, ref);
            case SEMAPHORE, BOUNDED_SEMAPHORE -> new RemoteSemaphore(channel, ref);
            case EVENT -> new RemoteEvent(channel, ref);
            case BARRIER -> new RemoteBarrier(channel, ref);
            case QUEUE -> new RemoteQueue<>(channel, ref);
            case LONG_ARRAY -> new RemoteLongArray(channel, ref);
            case DOUBLE_ARRAY -> new RemoteDoubleArray(channel, ref);
            case POOL -> new RemotePool(channel, ref);
        };
    }

    /**
     * The exception a user-type call failed with where it ran, rebuilt in this process as a manager server's client
     * rebuilds it: the same type where this side allows and can construct it (the method's declared exceptions and
     * those of its class's package included), the remote stack trace attached; otherwise a {@code RemoteException}.
     *
     * @param error the failure as it was sent
     * @param policy the types this side allows
     * @param method the method called, or null
     * @return the exception to throw
     */
    public static Throwable remoteError(io.managedobjects.internal.codec.ErrorInfo error,
            io.managedobjects.internal.codec.TypePolicy policy, java.lang.reflect.@org.jspecify.annotations.Nullable Method method) {
        return RemoteErrors.rebuild(error, policy, method);
    }

    /**
     * The channel of a proxy made here, or null for any other object.
     *
     * @param candidate any object
     * @return its channel, or null
     */
    public static @org.jspecify.annotations.Nullable ProxyChannel channelOf(Object candidate) {
        if (candidate instanceof RemoteObject remote) {
            return remote.channel();
        }
        java.lang.reflect.InvocationHandler handler = java.lang.reflect.Proxy.isProxyClass(candidate.getClass())
                ? java.lang.reflect.Proxy.getInvocationHandler(candidate) : UserProxies.handlerOf(candidate);
        return handler instanceof UserObjectHandler user ? user.channel() : null;
    }

    /**
     * Gives a barrier's proxy the barrier action this process runs when it arrives last (every backend's barriers
     * run the action in the last party's process).
     *
     * @param barrier a barrier proxy made by {@link #create}
     * @param action the action
     * @return the same proxy
     */
    public static io.managedobjects.SharedBarrier withBarrierAction(io.managedobjects.SharedBarrier barrier, Runnable action) {
        return ((RemoteBarrier) barrier).withAction(action);
    }
}
