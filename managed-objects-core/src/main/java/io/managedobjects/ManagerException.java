package io.managedobjects;

import org.jspecify.annotations.Nullable;

/** Base of every exception managed-objects throws (hosted code's own exceptions come back as their own types). */
public class ManagerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what went wrong and, where there is one, what to do about it
     */
    public ManagerException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a cause.
     *
     * @param message what went wrong and, where there is one, what to do about it
     * @param cause the underlying failure
     */
    public ManagerException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
