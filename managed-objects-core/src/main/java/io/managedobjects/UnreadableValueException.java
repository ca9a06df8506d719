package io.managedobjects;

/**
 * A value arrived that this side cannot rebuild, although its class is allowed: the class differs
 * between the two processes (a field one side does not have, another constructor), its constructor
 * rejected the data, or the input is not a value at all. The call fails; the connection and the
 * shared object are unchanged. The message names the class and what did not fit.
 */
public class UnreadableValueException extends ManagerException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what could not be rebuilt, and why
     */
    public UnreadableValueException(String message) {
        super(message);
    }
}
