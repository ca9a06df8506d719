package io.managedobjects.benchmarks;

/** A tiny registered class: the cost of a call on a hosted user instance. */
public class BenchTarget {

    private int calls;

    /**
     * Counts the call.
     *
     * @return the number of calls so far
     */
    public int ping() {
        return ++calls;
    }
}
