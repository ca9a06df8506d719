package io.managedobjects.custom;

/** Two constructors that both take a single Object-compatible argument. */
public class Ambiguous {

    public Ambiguous(CharSequence text) {
    }

    public Ambiguous(Comparable<?> value) {
    }

    public String hello() {
        return "hello";
    }
}
