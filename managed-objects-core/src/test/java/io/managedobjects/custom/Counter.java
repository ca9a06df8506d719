package io.managedobjects.custom;

import io.managedobjects.ManagedObject;

/** A plain, not thread-safe counter: the server calls it one call at a time. */
@ManagedObject("counter")
public class Counter {

    private long value;
    private int active;
    private int maxActive;

    public Counter() {
    }

    public Counter(long start) {
        this.value = start;
    }

    public long increment() {
        long read = value;
        Thread.yield();
        value = read + 1;
        return value;
    }

    public long get() {
        return value;
    }

    /** Records how many calls were inside at once, pausing a little inside. */
    public int overlap() throws InterruptedException {
        active++;
        maxActive = Math.max(maxActive, active);
        Thread.sleep(50);
        active--;
        return maxActive;
    }

    @Override
    public String toString() {
        return "Counter(" + value + ")";
    }
}
