package io.managedobjects.internal.server;

import java.lang.reflect.Method;

/**
 * A remote operation of a host class (or of the server), described once when its class's
 * {@link MethodTable} is built: what a call needs to be dispatched, with no reflection per call.
 *
 * @param method the method to invoke
 * @param takesCall whether it takes the {@link Call} as its first parameter (it may park, or needs the caller)
 * @param immediate whether it takes the {@code Call} only to prepare its reply ({@link Immediate}): a hosted
 *     object may call it through a server-side proxy
 * @param hostsResult whether its result is hosted ({@code @SharedResult}) rather than sent as a value
 * @param runsUserCode whether it runs user code (a server operation marked {@link RunsUserCode}): it runs on a
 *     worker, never on a connection's reading thread
 */
record Operation(Method method, boolean takesCall, boolean immediate, boolean hostsResult, boolean runsUserCode) {

    /**
     * Describes a method.
     *
     * @param method the method
     * @param hostsResult whether the api declares its result {@code @SharedResult}
     * @return the descriptor
     */
    static Operation of(Method method, boolean hostsResult) {
        boolean takesCall = method.getParameterCount() > 0 && method.getParameterTypes()[0] == Call.class;
        return new Operation(method, takesCall, method.isAnnotationPresent(Immediate.class),
                hostsResult || method.isAnnotationPresent(io.managedobjects.SharedResult.class),
                method.isAnnotationPresent(RunsUserCode.class));
    }
}
