package io.managedobjects.internal.wire;

import java.io.IOException;

/** A frame's announced length is negative or above the configured limit; its connection is closed. */
public final class FrameTooLargeException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param length the announced length
     * @param limit the limit
     */
    public FrameTooLargeException(long length, int limit) {
        super("Frame of " + length + " bytes refused: the limit is " + limit
                + " bytes (Manager.builder().maxFrameBytes(...) raises it; split very large bulk calls)");
    }
}
