package io.managedobjects.internal.codec;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An exception thrown on the other side, as it crosses the wire.
 *
 * @param className the exception's class
 * @param message its message
 * @param stackTrace its stack trace
 * @param cause its cause, if any
 */
public record ErrorInfo(String className, @Nullable String message, List<StackTraceElement> stackTrace, @Nullable ErrorInfo cause) {

    private static final int MAX_CAUSES = 8;
    private static final String INTERNAL = "io.managedobjects.internal.";

    /**
     * Captures an exception.
     *
     * @param t the exception
     * @return its wire form
     */
    public static ErrorInfo of(Throwable t) {
        return of(t, 0);
    }

    /** Internal exception types never cross the wire: the nearest public superclass does. */
    private static Class<?> publicClass(Class<?> type) {
        Class<?> c = type;
        while (c.getName().startsWith(INTERNAL) && c.getSuperclass() != null) {
            c = c.getSuperclass();
        }
        return c;
    }

    private static ErrorInfo of(Throwable t, int depth) {
        Throwable cause = t.getCause();
        return new ErrorInfo(publicClass(t.getClass()).getName(), t.getMessage(), List.of(t.getStackTrace()),
                cause == null || cause == t || depth >= MAX_CAUSES ? null : of(cause, depth + 1));
    }
}
