package io.managedobjects;

import java.time.Duration;

/** A flag hosted by the manager server that processes wait to see set: Python's {@code Event}. */
public interface SharedEvent extends SharedObject {

    /** Sets the flag and wakes every waiter. */
    void set();

    /** Clears the flag. */
    void clear();

    /**
     * Whether the flag is set.
     *
     * @return the flag
     */
    boolean isSet();

    /**
     * Waits until the flag is set.
     *
     * @throws InterruptedException if the waiting thread is interrupted (the server forgets the waiter)
     */
    void await() throws InterruptedException;

    /**
     * Waits at most {@code timeout} for the flag to be set.
     *
     * @param timeout how long to wait
     * @return true if it is set, false on timeout
     * @throws InterruptedException if the waiting thread is interrupted
     */
    boolean await(Duration timeout) throws InterruptedException;
}
