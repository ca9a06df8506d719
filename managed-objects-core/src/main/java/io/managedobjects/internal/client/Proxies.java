package io.managedobjects.internal.client;

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
        return switch (ref.type()) {
            case "map" -> new RemoteMap<>(channel, ref);
            case "list" -> new RemoteList<>(channel, ref);
            case "set" -> new RemoteSet<>(channel, ref);
            case "value" -> new RemoteValue<>(channel, ref);
            case "atomicLong" -> new RemoteAtomicLong(channel, ref);
            case "namespace" -> new RemoteNamespace(channel, ref);
            case "lock", "reentrantLock" -> new RemoteLock(channel, ref);
            case "condition" -> new RemoteCondition(channel, ref);
            case "semaphore", "boundedSemaphore" -> new RemoteSemaphore(channel, ref);
            case "event" -> new RemoteEvent(channel, ref);
            case "barrier" -> new RemoteBarrier(channel, ref);
            case "queue" -> new RemoteQueue<>(channel, ref);
            default -> UserProxies.create(channel.userType(ref.type()), new UserObjectHandler(channel, ref));
        };
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
}
