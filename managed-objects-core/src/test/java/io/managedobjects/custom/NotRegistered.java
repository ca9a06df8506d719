package io.managedobjects.custom;

/** Never registered: the server must refuse to instantiate it. */
public class NotRegistered {

    public NotRegistered() {
        throw new AssertionError("must never be instantiated");
    }
}
