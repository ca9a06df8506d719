package io.managedobjects.internal.client;

import io.managedobjects.SharedRef;
import io.managedobjects.internal.Signatures;
import io.managedobjects.internal.codec.Conversions;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Sends every call of a user-type proxy to the hosted instance, by method signature. Answered locally:
 * the {@link io.managedobjects.SharedObject} methods, and {@code equals}/{@code hashCode}, which compare
 * the hosted object (two proxies of one instance are equal). {@code toString} is the instance's.
 */
final class UserObjectHandler implements InvocationHandler {

    private static final Map<Method, String> SIGNATURES = new ConcurrentHashMap<>();

    private final ProxyChannel channel;
    private final SharedRef ref;

    UserObjectHandler(ProxyChannel channel, SharedRef ref) {
        this.channel = channel;
        this.ref = ref;
    }

    SharedRef ref() {
        return ref;
    }

    ProxyChannel channel() {
        return channel;
    }

    @Override
    public @Nullable Object invoke(Object proxy, Method method, @Nullable Object @Nullable [] args) throws Throwable {
        Object[] arguments = args == null ? new Object[0] : args;
        switch (method.getName()) {
            case "sharedId":
                if (arguments.length == 0) {
                    return ref.id();
                }
                break;
            case "sharedName":
                if (arguments.length == 0) {
                    return ref.name();
                }
                break;
            case "sharedType":
                if (arguments.length == 0) {
                    return ref.type();
                }
                break;
            case "sharedRef":
                if (arguments.length == 0) {
                    return ref;
                }
                break;
            case "equals":
                if (arguments.length == 1 && method.getParameterTypes()[0] == Object.class) {
                    return arguments[0] != null && equalsHandler(handlerOf(arguments[0]));
                }
                break;
            case "hashCode":
                if (arguments.length == 0) {
                    return ref.id().hashCode();
                }
                break;
            default:
                break;
        }
        String signature = SIGNATURES.computeIfAbsent(method, Signatures::of);
        Object result;
        try {
            result = channel.call(ref, signature, ProxyChannel.Wait.PLAIN, method, arguments);
        } finally {
            // the proxy keeps its object while a call on it runs (on Redis, its release could free the instance meanwhile)
            java.lang.ref.Reference.reachabilityFence(proxy);
        }
        Class<?> returnType = method.getReturnType();
        if (returnType.isPrimitive() && returnType != void.class) {
            // a recorded (pipelined) call has no result yet: answer the type's zero
            return result == null ? java.lang.reflect.Array.get(java.lang.reflect.Array.newInstance(returnType, 1), 0)
                    : Conversions.toPrimitive(returnType, result);
        }
        return result;
    }

    private boolean equalsHandler(@Nullable InvocationHandler other) {
        return other instanceof UserObjectHandler handler && handler.ref.id().equals(ref.id())
                && handler.channel.address().equals(channel.address());
    }

    /** The handler of a user-type proxy (dynamic or subclass), or null for anything else. */
    private static @Nullable InvocationHandler handlerOf(Object candidate) {
        if (java.lang.reflect.Proxy.isProxyClass(candidate.getClass())) {
            return java.lang.reflect.Proxy.getInvocationHandler(candidate);
        }
        return UserProxies.handlerOf(candidate);
    }
}
