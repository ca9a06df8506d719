package io.managedobjects;

import java.util.concurrent.TimeUnit;

/**
 * A counting semaphore hosted by the manager server, with the methods of
 * {@link java.util.concurrent.Semaphore}: Python's {@code Semaphore}, and with
 * {@link Manager#boundedSemaphore(int)} its {@code BoundedSemaphore} (a release above the initial count
 * throws {@link IllegalStateException}). Waiters are served in order of arrival. <b>Permits acquired by
 * a process that dies are returned</b>: those it acquired and did not release itself, whether they were
 * there from the start or were released into the semaphore by any process (a semaphore created with 0
 * permits and filled by {@code release} included); a bounded semaphore never goes above its initial
 * count. A release pays back the releasing process's own permits first; what it releases beyond them
 * are new permits. So a semaphore used as a signal, whose consumers acquire and never release, gives a
 * dead consumer's signals back to the others: use a {@link SharedQueue} for hand-offs that must not be
 * repeated.
 */
public interface SharedSemaphore extends SharedObject {

    /**
     * Acquires a permit, waiting if needed.
     *
     * @throws InterruptedException if interrupted while waiting (no permit is taken)
     */
    void acquire() throws InterruptedException;

    /**
     * Acquires permits, waiting if needed.
     *
     * @param permits how many
     * @throws InterruptedException if interrupted while waiting (no permit is taken)
     */
    void acquire(int permits) throws InterruptedException;

    /** Acquires a permit, waiting if needed and ignoring interrupts (the status is kept). */
    void acquireUninterruptibly();

    /**
     * Acquires a permit if one is available now.
     *
     * @return whether it was acquired
     */
    boolean tryAcquire();

    /**
     * Acquires permits if they are available now.
     *
     * @param permits how many
     * @return whether they were acquired
     */
    boolean tryAcquire(int permits);

    /**
     * Acquires a permit, waiting at most the given time.
     *
     * @param timeout the timeout
     * @param unit its unit
     * @return whether it was acquired
     * @throws InterruptedException if interrupted while waiting
     */
    boolean tryAcquire(long timeout, TimeUnit unit) throws InterruptedException;

    /**
     * Acquires permits, waiting at most the given time.
     *
     * @param permits how many
     * @param timeout the timeout
     * @param unit its unit
     * @return whether they were acquired
     * @throws InterruptedException if interrupted while waiting
     */
    boolean tryAcquire(int permits, long timeout, TimeUnit unit) throws InterruptedException;

    /** Releases a permit. */
    void release();

    /**
     * Releases permits.
     *
     * @param permits how many
     */
    void release(int permits);

    /**
     * The permits available now.
     *
     * @return the count
     */
    int availablePermits();

    /**
     * Acquires every available permit.
     *
     * @return how many were acquired
     */
    int drainPermits();
}
