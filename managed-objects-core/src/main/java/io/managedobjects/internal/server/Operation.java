package io.managedobjects.internal.server;

import java.lang.reflect.Method;

/**
 * A remote operation of a host class (or of the server), described once when its class's
 * {@link MethodTable} is built: what a call needs to be dispatched, with no reflection per call.
 *
 * @param method the method to invoke
 * @param takesCall whether it takes its call as its first parameter: a {@link Call} (it may park, or needs the
 *     caller) or an {@link ImmediateCall}
 * @param immediate whether it takes an {@link ImmediateCall} instead: it only prepares its reply, and a hosted
 *     object may call it through a server-side proxy
 * @param hostsResult whether its result is hosted ({@code @SharedResult}) rather than sent as a value
 */
record Operation(Method method, boolean takesCall, boolean immediate, boolean hostsResult) {

    /**
     * Describes a method.
     *
     * @param method the method
     * @param hostsResult whether the api declares its result {@code @SharedResult}
     * @return the descriptor
     */
    static Operation of(Method method, boolean hostsResult) {
        Class<?> first = method.getParameterCount() > 0 ? method.getParameterTypes()[0] : null;
        boolean immediate = first == ImmediateCall.class;
        // a built-in host's methods carry no annotations, so this makes no proxy class (each annotation type read would)
        return new Operation(method, first == Call.class || immediate, immediate,
                hostsResult || method.isAnnotationPresent(io.managedobjects.SharedResult.class));
    }
}
