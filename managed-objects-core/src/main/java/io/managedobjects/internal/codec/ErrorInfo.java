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

    /**
     * This error as a plain value that any value codec carries (lists of strings and numbers), for an
     * exception that travels as data: a pool task's, from its worker to the caller through the server.
     *
     * @return {@code [className, message, [[class, method, file, line], ...], cause or null]}
     */
    public List<@Nullable Object> toValue() {
        List<List<@Nullable Object>> frames = new java.util.ArrayList<>(stackTrace.size());
        for (StackTraceElement frame : stackTrace) {
            frames.add(java.util.Arrays.asList(frame.getClassName(), frame.getMethodName(), frame.getFileName(), frame.getLineNumber()));
        }
        return java.util.Arrays.asList(className, message, frames, cause == null ? null : cause.toValue());
    }

    /**
     * Reads an error written by {@link #toValue()}.
     *
     * @param value the plain value
     * @return the error
     * @throws MalformedInputException if it is not such a value
     */
    public static ErrorInfo fromValue(@Nullable Object value) {
        try {
            List<?> parts = (List<?>) value;
            List<StackTraceElement> frames = new java.util.ArrayList<>();
            for (Object f : (List<?>) parts.get(2)) {
                List<?> frame = (List<?>) f;
                frames.add(new StackTraceElement((String) frame.get(0), (String) frame.get(1), (String) frame.get(2),
                        ((Number) frame.get(3)).intValue()));
            }
            return new ErrorInfo((String) parts.get(0), (String) parts.get(1), frames, parts.get(3) == null ? null : fromValue(parts.get(3)));
        } catch (ClassCastException | IndexOutOfBoundsException | NullPointerException e) {
            throw new MalformedInputException("Not an error: " + e.getMessage());
        }
    }

    private static ErrorInfo of(Throwable t, int depth) {
        Throwable cause = t.getCause();
        return new ErrorInfo(publicClass(t.getClass()).getName(), t.getMessage(), List.of(t.getStackTrace()),
                cause == null || cause == t || depth >= MAX_CAUSES ? null : of(cause, depth + 1));
    }
}
