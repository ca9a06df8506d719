package io.managedobjects;

import java.util.concurrent.locks.Lock;

/**
 * A lock hosted by the manager server, shared by every process.
 *
 * <ul>
 *   <li>{@link Manager#lock()} is Python's {@code Lock}: not reentrant, and any holder of a proxy may
 *       unlock it (unlocking an unlocked lock throws {@link IllegalMonitorStateException}).</li>
 *   <li>{@link Manager#reentrantLock()} is Python's {@code RLock} and the JDK's {@code ReentrantLock}:
 *       owned by the calling (process, thread), with a hold count; unlock by another thread throws
 *       {@link IllegalMonitorStateException}.</li>
 * </ul>
 * As with every {@link Lock}, {@link #lock()} ignores interrupts (the interrupt status is kept) while
 * {@link #lockInterruptibly()} and {@link #tryLock(long, java.util.concurrent.TimeUnit)} abort with
 * {@link InterruptedException}; the server then forgets the waiter. <b>A lock held by a process that
 * dies is released</b>, and so is a lock held by a manager that is closed. Waiters are served in order of
 * arrival. {@link #newCondition()} returns a {@link SharedCondition}.
 */
public interface SharedLock extends Lock, SharedObject {

    /**
     * Whether the lock is held by anyone.
     *
     * @return true if locked
     */
    boolean isLocked();

    /**
     * Whether the calling thread of this process holds the lock.
     *
     * @return true if the caller is the owner
     */
    boolean isHeldByCurrentThread();

    /**
     * The number of holds of the calling thread (reentrant locks count re-entries; 0 if not the owner).
     *
     * @return the hold count
     */
    int getHoldCount();

    /**
     * The fencing token of the calling thread's hold: a number that grows with each acquisition of this lock, by
     * anyone (a reentrant lock's re-entries keep it). Send it with every write to another system that the lock
     * guards, and have that system refuse a write carrying a smaller token than one it has already seen: a holder
     * that was paused (a long GC pause, a frozen VM) until its lock was released without it (its process's connection
     * to the manager server closed, or on Redis its session's lease ran out) and the next holder wrote, then cannot
     * overwrite the next holder's writes when it resumes.
     *
     * @return the token of the current hold
     * @throws IllegalMonitorStateException if the calling thread does not hold the lock
     */
    long fencingToken();

    /**
     * A new condition bound to this lock.
     *
     * @return the condition, hosted by the server
     */
    @Override
    SharedCondition newCondition();
}
