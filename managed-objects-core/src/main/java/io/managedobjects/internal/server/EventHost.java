package io.managedobjects.internal.server;

import java.util.ArrayDeque;
import java.util.Map;

/** The hosted side of {@code SharedEvent}: a flag that waiters wait to see set (Python's Event). */
final class EventHost implements Host {

    private boolean flag;
    private final ArrayDeque<Call> waiters = new ArrayDeque<>();

    /** Creates a clear event. */
    public EventHost() {
    }

    @Override
    public Map<String, Object> state() {
        return Map.of("set", flag, "waiters", waiters.size());
    }

    @Override
    public void destroyed() {
        LockHost.failAll(waiters);
    }

    public void set() {
        flag = true;
        while (!waiters.isEmpty()) {
            waiters.poll().complete(true);
        }
    }

    public void clear() {
        flag = false;
    }

    public boolean isSet() {
        return flag;
    }

    /**
     * Waits until the flag is set.
     *
     * @param call the caller
     * @param timeoutNanos the timeout, or negative for none
     * @return (later) true when set, false on timeout
     */
    public Object await(Call call, long timeoutNanos) {
        if (flag) {
            return true;
        }
        waiters.add(call);
        Call.AbortHandler onAbort = (c, gone) -> {
            waiters.remove(c);
            if (!gone) {
                c.fail(new InterruptedException("Interrupted while waiting for the event"));
            }
        };
        if (timeoutNanos < 0) {
            return call.park(onAbort);
        }
        return call.park(timeoutNanos, () -> {
            waiters.remove(call);
            call.complete(false);
        }, onAbort);
    }
}
