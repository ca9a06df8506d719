package io.managedobjects.internal.server;

import io.managedobjects.ManagerException;
import io.managedobjects.internal.codec.Conversions;
import io.managedobjects.internal.codec.Request;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.jspecify.annotations.Nullable;

/** Runs one operation of a host (or of the server) with decoded arguments, for a connection or a local proxy. */
final class Invoker {

    private Invoker() {
    }

    /**
     * Invokes an operation; the caller holds the host's monitor where the host needs it.
     *
     * @param method the operation, or null if there is none of that name
     * @param target what it runs on
     * @param request the call (its method name names the operation in errors)
     * @param caller the caller, for operations taking a {@link Call} or an {@link ImmediateCall} first
     * @return the operation's result
     * @throws Throwable what the operation threw
     */
    static @Nullable Object invoke(@Nullable Method method, @Nullable Object target, Request request, @Nullable Call caller)
            throws Throwable {
        if (method == null || target == null) {
            throw new ManagerException("The server has no operation '" + request.method() + "'");
        }
        Class<?>[] types = method.getParameterTypes();
        Object[] args = request.args();
        if (caller != null) {
            Object[] withCaller = new Object[args.length + 1];
            withCaller[0] = caller;
            System.arraycopy(args, 0, withCaller, 1, args.length);
            args = withCaller;
        }
        if (types.length != args.length) {
            int declared = caller == null ? types.length : types.length - 1;
            throw new ManagerException("Operation '" + request.method() + "' takes " + declared + " arguments, got "
                    + request.args().length);
        }
        for (int i = caller == null ? 0 : 1; i < types.length; i++) {
            if (types[i].isPrimitive()) {
                if (args[i] == null) {
                    throw new NullPointerException("argument " + i + " of '" + request.method() + "' may not be null");
                }
                args[i] = Conversions.toPrimitive(types[i], args[i]);
            }
        }
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        } catch (IllegalArgumentException e) {
            throw new ManagerException("Wrong argument types for operation '" + request.method() + "': " + e.getMessage());
        }
    }

}
