package io.managedobjects;

import org.jspecify.annotations.Nullable;

/** The manager server is unreachable, has died, or the connection to it was lost or closed. */
public class ManagerConnectionException extends ManagerException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what failed
     */
    public ManagerConnectionException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a cause.
     *
     * @param message what failed
     * @param cause the I/O failure behind it
     */
    public ManagerConnectionException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
