package io.managedobjects.redis;

import io.managedobjects.ManagerException;
import io.managedobjects.SharedRef;
import io.managedobjects.internal.client.ProxyChannel;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * {@code SharedCondition} on Redis: the waiters of one condition of a lock. An await gives up the caller's holds of
 * the lock and joins the condition's waiters; a signal moves the first waiter (or all) to the lock's waiters, where it
 * gets the lock back, with its holds, in its turn. A waiter whose time is up, or who is interrupted, moves there
 * itself; a signal that came first counts as received. Every wait ends holding the lock again, as
 * {@link java.util.concurrent.locks.Condition} requires. Waiters wait on the lock's channel ({@link Notifications}).
 */
final class ConditionOperations implements RedisManager.Operations {

    /** What {@code condTry} answers: the lock is back after a signal, or after the time was up or an interrupt. */
    private static final long SIGNALLED = 1;
    /** What {@code condTry} answers when the waiter is unknown: its session ended meanwhile, which cancelled the wait. */
    private static final long LOST = -1;

    private final RedisManager manager;
    private final Notifications notifications;

    ConditionOperations(RedisManager manager, Notifications notifications) {
        this.manager = manager;
        this.notifications = notifications;
    }

    @Override
    public @Nullable Object call(String id, String method, @Nullable Object[] args) throws InterruptedException {
        return call(id, method, ProxyChannel.Wait.PLAIN, args);
    }

    @Override
    public @Nullable Object call(String id, String method, ProxyChannel.Wait wait, @Nullable Object[] args)
            throws InterruptedException {
        return switch (method) {
            case "await" -> await(id, ((Number) Objects.requireNonNull(args[0])).longValue(), wait != ProxyChannel.Wait.UNINTERRUPTIBLE);
            case "signal", "signalAll" -> {
                manager.run("condSignal", id, RedisManager.callerThread(), method.equals("signalAll") ? "1" : "0");
                yield null;
            }
            case "lock" -> {
                List<?> lock = (List<?>) Objects.requireNonNull(manager.run("condLock", id));
                String name = RedisManager.text(lock.get(2));
                yield manager.proxy(new SharedRef(RedisManager.text(lock.get(1)), RedisManager.text(lock.get(0)), name.isEmpty() ? null : name));
            }
            default -> throw RedisManager.notOnRedis("SharedCondition operation " + method);
        };
    }

    /**
     * Gives up the lock, waits for a signal (at most {@code timeoutNanos}, or -1 for as long as it takes), and gets the
     * lock back. Returns the nanoseconds left: positive if signalled (at least 1), else zero or less.
     */
    private long await(String id, long timeoutNanos, boolean interruptible) throws InterruptedException {
        String thread = RedisManager.callerThread();
        long deadline = System.nanoTime() + Math.max(0, timeoutNanos);
        String lock = RedisManager.text(manager.run("condAwait", id, thread));
        String channel = manager.channel(lock);
        Notifications.Attempt back = () -> {
            long answer = RedisManager.number(manager.run("condTry", id, thread));
            return answer == 0 ? Notifications.NOT_YET : answer;
        };
        Notifications.Attempt leave = () -> {
            long answer = RedisManager.number(manager.run("condLeave", id, thread));
            return answer == 0 ? Notifications.NOT_YET : answer;
        };
        Object outcome;
        boolean interrupted = false;
        try {
            outcome = notifications.block(channel, timeoutNanos < 0 ? -1 : timeoutNanos, interruptible, back, leave);
        } catch (InterruptedException e) {
            interrupted = true;
            outcome = Notifications.NOT_YET;
        }
        if (outcome == Notifications.NOT_YET) {
            // out of the condition's waiters, among the lock's: wait for the lock whatever happens, as Condition requires
            outcome = notifications.block(channel, -1, false, back, () -> Notifications.NOT_YET);
        }
        if ((Long) outcome == LOST) {
            throw new ManagerException("This process's session ended while it awaited the condition (it was silent longer "
                    + "than its session timeout): the wait was cancelled, and the lock is not held");
        }
        if (interrupted && (Long) outcome != SIGNALLED) {
            Thread.interrupted();   // the exception tells the caller
            throw new InterruptedException("Interrupted while awaiting a condition (the lock is held again)");
        }
        if (interrupted) {
            Thread.currentThread().interrupt();   // signalled first: the signal counts, and the caller sees the interrupt
        }
        long left = deadline - System.nanoTime();
        if (timeoutNanos < 0) {
            return 1;
        }
        return (Long) outcome == SIGNALLED ? Math.max(left, 1) : Math.min(left, 0);
    }
}
