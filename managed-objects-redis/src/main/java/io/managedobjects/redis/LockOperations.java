package io.managedobjects.redis;

import io.managedobjects.internal.client.ProxyChannel;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * {@code SharedLock} on Redis, plain (anyone may release it) and reentrant (owned by a session and thread, counting
 * holds): one hash holding the holder, and a list of waiters in order of arrival. A release hands the lock to the
 * first waiter in Redis, so no caller barges in ahead of the waiters and a hand-over racing a waiter's timeout or
 * interrupt is never lost (the waiter that gives up finds it has the lock, and keeps it). Waiters wait on the lock's
 * channel ({@link Notifications}); a session that ends (its process died, or was silent past its timeout) releases
 * the locks it held and stops waiting.
 */
final class LockOperations implements RedisManager.Operations {

    private final RedisManager manager;
    private final Notifications notifications;

    LockOperations(RedisManager manager, Notifications notifications) {
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
            case "lock" -> {
                acquire(id, -1, wait != ProxyChannel.Wait.UNINTERRUPTIBLE);
                yield null;
            }
            case "tryLock" -> try1(id, false) > 0;
            case "tryLockFor" -> acquire(id, Math.max(0, ((Number) Objects.requireNonNull(args[0])).longValue()), true);
            case "unlock" -> {
                manager.run("unlock", id, RedisManager.callerThread());
                yield null;
            }
            case "isLocked" -> state(id).get(0) == 1;
            case "isHeldByCaller" -> state(id).get(1) == 1;
            case "getHoldCount" -> (int) (long) state(id).get(2);
            case "fencingToken" -> {
                List<Long> state = state(id);
                if (state.get(1) != 1) {
                    throw new IllegalMonitorStateException("fencingToken() by a thread that does not hold the lock");
                }
                yield state.get(3);
            }
            default -> throw RedisManager.notOnRedis("SharedLock operation " + method);
        };
    }

    /** Waits for the lock; returns whether the caller got it (false only when the time is up). */
    private boolean acquire(String id, long timeoutNanos, boolean interruptible) throws InterruptedException {
        String thread = RedisManager.callerThread();
        Object result = notifications.block(manager.channel(id), timeoutNanos, interruptible,
                () -> try1(id, true) > 0 ? Boolean.TRUE : Notifications.NOT_YET,
                () -> RedisManager.number(manager.run("lockCancel", id, thread)) > 0 ? Boolean.TRUE : Notifications.NOT_YET);
        return result == Boolean.TRUE;
    }

    /** One try; joining the waiters if it fails and {@code queue}. Returns the fencing number, or 0. */
    private long try1(String id, boolean queue) {
        return RedisManager.number(manager.run("lockTry", id, RedisManager.callerThread(), queue ? "1" : "0"));
    }

    private List<Long> state(String id) {
        return ((List<?>) Objects.requireNonNull(manager.run("lockState", id, RedisManager.callerThread()))).stream()
                .map(RedisManager::number).toList();
    }
}
