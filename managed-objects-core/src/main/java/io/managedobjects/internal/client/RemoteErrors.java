package io.managedobjects.internal.client;

import io.managedobjects.RemoteException;
import io.managedobjects.internal.codec.ErrorInfo;
import io.managedobjects.internal.codec.TypePolicy;
import java.lang.reflect.Constructor;
import org.jspecify.annotations.Nullable;

/**
 * Rebuilds exceptions thrown on the server: the same type where this side allows and can construct it,
 * with the server-side stack trace attached as a suppressed {@link RemoteException}; otherwise a
 * {@code RemoteException} carrying the remote class, message and trace.
 */
final class RemoteErrors {

    private RemoteErrors() {
    }

    static Throwable rebuild(ErrorInfo error, TypePolicy policy) {
        return rebuild(error, policy, null);
    }

    /**
     * Rebuilds an exception of a user-type call: besides the allow-list, the exception types the method
     * declares and those of the declaring class's package may be rebuilt.
     */
    static Throwable rebuild(ErrorInfo error, TypePolicy policy, java.lang.reflect.@Nullable Method method) {
        Throwable rebuilt = construct(error, policy, method);
        RemoteException trace = remoteTrace(error);
        if (rebuilt == null) {
            return trace;
        }
        rebuilt.addSuppressed(trace);
        return rebuilt;
    }

    private static RemoteException remoteTrace(ErrorInfo error) {
        RemoteException trace = new RemoteException(error.className(), error.message() == null
                ? "(server-side stack trace)" : error.message());
        trace.setStackTrace(error.stackTrace().toArray(StackTraceElement[]::new));
        if (error.cause() != null) {
            trace.initCause(remoteTrace(error.cause()));
        }
        return trace;
    }

    private static boolean declaredBy(java.lang.reflect.@Nullable Method method, String className) {
        if (method == null) {
            return false;
        }
        for (Class<?> declared : method.getExceptionTypes()) {
            if (declared.getName().equals(className)) {
                return true;
            }
        }
        String owner = method.getDeclaringClass().getName();
        int dot = owner.lastIndexOf('.');
        return dot > 0 && className.startsWith(owner.substring(0, dot + 1));
    }

    private static @Nullable Throwable construct(ErrorInfo error, TypePolicy policy, java.lang.reflect.@Nullable Method method) {
        if (!policy.isRebuildableException(error.className()) && !declaredBy(method, error.className())) {
            return null;
        }
        try {
            ClassLoader loader = method != null && method.getDeclaringClass().getClassLoader() != null
                    ? method.getDeclaringClass().getClassLoader() : RemoteErrors.class.getClassLoader();
            Class<?> type = Class.forName(error.className(), false, loader);
            if (!Throwable.class.isAssignableFrom(type)) {
                return null;
            }
            String message = error.message();
            try {
                Constructor<?> withMessage = type.getConstructor(String.class);
                return (Throwable) withMessage.newInstance(message);
            } catch (NoSuchMethodException e) {
                if (message != null) {
                    return null;
                }
                return (Throwable) type.getConstructor().newInstance();
            }
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return null;
        }
    }

    /** Throws any throwable without declaring it (checked exceptions of hosted code pass through unchanged). */
    @SuppressWarnings("unchecked")
    static <T extends Throwable> RuntimeException sneakyThrow(Throwable t) throws T {
        throw (T) t;
    }
}
