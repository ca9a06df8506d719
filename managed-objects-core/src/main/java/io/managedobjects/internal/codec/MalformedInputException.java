package io.managedobjects.internal.codec;

import io.managedobjects.ManagerException;

/** Decoded input does not follow the protocol: the connection that sent it is closed. */
public final class MalformedInputException extends ManagerException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what is malformed
     */
    public MalformedInputException(String message) {
        super("Malformed input: " + message);
    }
}
