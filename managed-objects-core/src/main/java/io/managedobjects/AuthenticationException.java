package io.managedobjects;

/** The handshake failed: the two sides do not hold the same auth key (the key itself is never reported). */
public class AuthenticationException extends ManagerException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what failed, never containing the key
     */
    public AuthenticationException(String message) {
        super(message);
    }
}
