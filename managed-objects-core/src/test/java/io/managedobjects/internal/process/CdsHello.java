package io.managedobjects.internal.process;

/**
 * A main class for the class-data sharing tests: loads a few classes of its own and ends normally. It is also a Java
 * agent that does nothing (its test jar names it {@code Premain-Class}).
 */
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

    /**
     * Runs before the main class, as a Java agent.
     *
     * @param options the agent's options
     */
    public static void premain(String options) {
        // being loaded is all it is for
    }
}
