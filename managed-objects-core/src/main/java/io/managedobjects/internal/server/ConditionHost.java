package io.managedobjects.internal.server;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The hosted side of {@code SharedCondition}: waiters of one condition of a lock. It runs under its
 * lock's monitor, and keeps the lock alive.
 */
final class ConditionHost implements Host {

    private final HostedObject lockObject;
    private final LockHost lock;
    private final ArrayDeque<Call> waiters = new ArrayDeque<>();

    /**
     * Creates a condition of a lock.
     *
     * @param lockObject the lock
     */
    public ConditionHost(HostedObject lockObject) {
        if (!(lockObject.host() instanceof LockHost host)) {
            throw new IllegalArgumentException("A condition needs a shared lock, not a " + lockObject.type());
        }
        this.lockObject = lockObject;
        this.lock = host;
    }

    @Override
    public Object monitor() {
        return lock;
    }

    @Override
    public void forEachValue(Consumer<@Nullable Object> visitor) {
        visitor.accept(lockObject);
    }

    @Override
    public Map<String, Object> state() {
        return Map.of("lock", lockObject.id(), "waiters", waiters.size());
    }

    @Override
    public void destroyed() {
        LockHost.failAll(waiters);
    }

    public HostedRef lock() {
        return new HostedRef(lockObject);
    }

    /**
     * Releases the lock, waits for a signal, reacquires the lock.
     *
     * @param call the caller, holding the lock
     * @param timeoutNanos the timeout, or negative for none
     * @return (later) the nanoseconds left before the deadline: positive if signalled in time
     */
    public Object await(Call call, long timeoutNanos) {
        return lock.await(call, waiters, timeoutNanos);
    }

    public void signal(Call call) {
        lock.signal(call, waiters, false);
    }

    public void signalAll(Call call) {
        lock.signal(call, waiters, true);
    }
}
