package io.managedobjects;

import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeoutException;

/**
 * A barrier hosted by the manager server, with the rules of {@link java.util.concurrent.CyclicBarrier}
 * (Python's {@code Barrier}): parties wait until all have arrived, then all proceed and the barrier is
 * reusable. A timeout, an interrupt, {@link #abort()}, {@link #reset()} or the death of a waiting
 * party's process breaks it for everyone waiting ({@link BrokenBarrierException}).
 *
 * <p>A barrier action ({@link Manager#barrier(int, Runnable)}) runs once per trip, in the process whose
 * party arrives last, before the others are released; give the action in every process that awaits.
 */
public interface SharedBarrier extends SharedObject {

    /**
     * Waits until all parties have arrived.
     *
     * @return the arrival index: {@code getParties() - 1} for the first, 0 for the last
     * @throws InterruptedException if interrupted while waiting (the barrier breaks for the others)
     * @throws BrokenBarrierException if the barrier is or gets broken
     */
    int await() throws InterruptedException, BrokenBarrierException;

    /**
     * Waits at most {@code timeout} for all parties.
     *
     * @param timeout how long to wait
     * @return the arrival index
     * @throws InterruptedException if interrupted while waiting (the barrier breaks)
     * @throws BrokenBarrierException if the barrier is or gets broken
     * @throws TimeoutException on timeout (the barrier breaks for the others)
     */
    int await(Duration timeout) throws InterruptedException, BrokenBarrierException, TimeoutException;

    /**
     * The number of parties needed to trip the barrier.
     *
     * @return the parties
     */
    int getParties();

    /**
     * The number of parties waiting now.
     *
     * @return the count
     */
    int getNumberWaiting();

    /**
     * Whether the barrier is broken.
     *
     * @return true if broken
     */
    boolean isBroken();

    /** Breaks the barrier for the parties waiting now, then makes it usable again. */
    void reset();

    /** Breaks the barrier: waiting and future parties get {@link BrokenBarrierException} until {@link #reset()}. */
    void abort();
}
