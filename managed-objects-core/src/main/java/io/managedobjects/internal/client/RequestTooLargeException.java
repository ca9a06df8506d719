package io.managedobjects.internal.client;

import io.managedobjects.ManagerException;
import org.jspecify.annotations.Nullable;

/**
 * A request above the frame limit: nothing was sent, the connection is fine, and the same content sent in
 * smaller parts goes through. Code that sends in parts (a pool's batches, a worker's outcomes) splits on it.
 */
public final class RequestTooLargeException extends ManagerException {

    private static final long serialVersionUID = 1L;

    RequestTooLargeException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
