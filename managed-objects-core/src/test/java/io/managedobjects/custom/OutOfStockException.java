package io.managedobjects.custom;

/** The user's own checked exception, thrown on the server. */
public class OutOfStockException extends Exception {

    private static final long serialVersionUID = 1L;

    public OutOfStockException(String message) {
        super(message);
    }
}
