package io.managedobjects.redis;

import io.managedobjects.internal.client.ProxyChannel;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * {@code SharedSemaphore} on Redis, plain and bounded: the permits, the waiters in order of arrival, and the permits
 * each session holds. A release hands permits to the waiters in Redis, in order, so a hand-over racing a waiter's
 * timeout or interrupt is never lost; a session that ends returns the permits it still held (a bounded semaphore
 * never above its initial count). Waiters wait on the semaphore's channel ({@link Notifications}).
 */
final class SemaphoreOperations implements RedisManager.Operations {

    private final RedisManager manager;
    private final Notifications notifications;

    SemaphoreOperations(RedisManager manager, Notifications notifications) {
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
            case "acquire" -> {
                acquire(id, permits(args[0]), -1, wait != ProxyChannel.Wait.UNINTERRUPTIBLE);
                yield null;
            }
            case "tryAcquire" -> RedisManager.number(manager.run("semTry", id, RedisManager.callerThread(), permits(args[0]), "0")) == 1;
            case "tryAcquireFor" -> acquire(id, permits(args[0]), Math.max(0, ((Number) Objects.requireNonNull(args[1])).longValue()), true);
            case "release" -> {
                manager.run("semRelease", id, permits(args[0]));
                yield null;
            }
            case "availablePermits" -> (int) Math.min(Integer.MAX_VALUE, RedisManager.number(manager.run("semAvailable", id)));
            case "drainPermits" -> (int) RedisManager.number(manager.run("semDrain", id));
            default -> throw RedisManager.notOnRedis("SharedSemaphore operation " + method);
        };
    }

    /** Waits in line for the permits; returns whether the caller got them (false only when the time is up). */
    private boolean acquire(String id, int permits, long timeoutNanos, boolean interruptible) throws InterruptedException {
        String thread = RedisManager.callerThread();
        Object result = notifications.block(manager.channel(id), timeoutNanos, interruptible,
                () -> RedisManager.number(manager.run("semTry", id, thread, permits, "1")) == 1 ? Boolean.TRUE : Notifications.NOT_YET,
                () -> RedisManager.number(manager.run("semCancel", id, thread, permits)) == 1 ? Boolean.TRUE : Notifications.NOT_YET);
        return result == Boolean.TRUE;
    }

    private static int permits(@Nullable Object count) {
        int n = ((Number) Objects.requireNonNull(count)).intValue();
        if (n < 0) {
            throw new IllegalArgumentException("The number of permits must not be negative, was " + n);
        }
        return n;
    }
}
