package io.managedobjects.internal.process;

/** A main class for the class-data sharing tests: loads a few classes of its own and ends normally. */
public final class CdsHello {

    private CdsHello() {
    }

    /**
     * Prints one line.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        System.out.println("hello " + new java.util.TreeMap<>(java.util.Map.of("a", 1)));
    }
}
