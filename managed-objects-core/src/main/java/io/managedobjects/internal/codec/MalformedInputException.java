package io.managedobjects.internal.codec;

import io.managedobjects.UnreadableValueException;

/**
 * Decoded input does not follow the protocol: the connection that sent it is closed. Internal: where it
 * must reach a caller it crosses the wire as its public superclass, {@link UnreadableValueException}.
 */
public final class MalformedInputException extends UnreadableValueException {

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
