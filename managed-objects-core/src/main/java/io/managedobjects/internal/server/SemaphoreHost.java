package io.managedobjects.internal.server;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The hosted side of {@code SharedSemaphore}: permits handed out first come, first served. A bounded
 * semaphore refuses a release above its initial count (Python's BoundedSemaphore). The permits a client
 * manager acquired and did not release are returned when it ends (its process died).
 */
final class SemaphoreHost implements Host {

    private final int initial;
    private final boolean bounded;
    private long permits;
    private final ArrayDeque<Call> waiters = new ArrayDeque<>();
    /**
     * Permits each session acquired and that no release has paid back yet, oldest holder first. A release
     * pays back the releasing session's own permits first, then other sessions' (a permit handed from one
     * process to another: the taker acquires, the giver releases); what it releases beyond all of them are
     * new permits (a semaphore filled by {@code release}).
     */
    private final Map<String, Long> held = new LinkedHashMap<>();

    /**
     * Creates a semaphore.
     *
     * @param permits the initial permits
     * @param bounded whether releasing above the initial count fails
     */
    public SemaphoreHost(int permits, boolean bounded) {
        if (permits < 0) {
            throw new IllegalArgumentException("A semaphore needs zero or more permits, got " + permits);
        }
        this.initial = permits;
        this.bounded = bounded;
        this.permits = permits;
    }

    @Override
    public Map<String, Object> state() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("permits", permits);
        state.put("initialPermits", initial);
        state.put("bounded", bounded);
        state.put("waiters", waiters.size());
        return state;
    }

    @Override
    public boolean tracksSessions() {
        return true;
    }

    @Override
    public void destroyed() {
        LockHost.failAll(waiters);
    }

    /**
     * Returns the permits a dead session acquired and did not release, wherever they came from (the
     * initial count, or releases into the semaphore, even one that started at zero). A bounded semaphore
     * never goes above its initial count.
     */
    @Override
    public void sessionEnded(String session) {
        Long count = held.remove(session);
        if (count != null && count > 0) {
            permits += bounded ? Math.min(count, Math.max(0, initial - permits)) : count;
            grantWaiters();
        }
    }

    public Object acquire(Call call, int n) {
        checkCount(n);
        if (waiters.isEmpty() && permits >= n) {
            take(call, n);
            return null;
        }
        waiters.add(call.attach(new Want(n, null)));
        return call.park(this::abort);
    }

    public boolean tryAcquire(Call call, int n) {
        checkCount(n);
        if (permits >= n) {
            take(call, n);
            return true;
        }
        return false;
    }

    public Object tryAcquireFor(Call call, int n, long timeoutNanos) {
        checkCount(n);
        if (waiters.isEmpty() && permits >= n) {
            take(call, n);
            return true;
        }
        waiters.add(call.attach(new Want(n, true)));
        return call.park(timeoutNanos, () -> {
            waiters.remove(call);
            call.complete(false);
            grantWaiters();
        }, this::abort);
    }

    public void release(Call call, int n) {
        checkCount(n);
        if (bounded && permits + n > initial) {
            throw new IllegalStateException("Bounded semaphore released too many times: " + (permits + n)
                    + " permits would exceed its initial " + initial);
        }
        permits += n;
        long left = payBack(call.session(), n);
        for (java.util.Iterator<Map.Entry<String, Long>> it = held.entrySet().iterator(); left > 0 && it.hasNext(); ) {
            Map.Entry<String, Long> holder = it.next();
            long paid = Math.min(left, holder.getValue());
            left -= paid;
            if (paid == holder.getValue()) {
                it.remove();
            } else {
                holder.setValue(holder.getValue() - paid);
            }
        }
        grantWaiters();
    }

    public int availablePermits() {
        return (int) Math.min(Integer.MAX_VALUE, permits);
    }

    public int drainPermits(Call call) {
        int drained = availablePermits();
        if (drained > 0) {
            take(call, drained);
        }
        return drained;
    }

    private record Want(int permits, @Nullable Object result) {
    }

    /** Pays back up to {@code n} of a session's own permits; returns what is left to pay. */
    private long payBack(String session, long n) {
        Long own = held.get(session);
        if (own == null) {
            return n;
        }
        long paid = Math.min(own, n);
        if (paid == own) {
            held.remove(session);
        } else {
            held.put(session, own - paid);
        }
        return n - paid;
    }

    private void take(Call call, int n) {
        permits -= n;
        held.merge(call.session(), (long) n, Long::sum);
    }

    /**
     * Permits granted to a caller whose reply never reached it: they go back, to the next waiters first, unless
     * its session has ended (they went back with it).
     */
    private void giveBack(Call call, int n) {
        if (!call.sessionOpen()) {
            // the session's holdings went back (or are going back) with it, these permits among them
            return;
        }
        // the session may have paid its holding off by a release meanwhile: it owes at most what it holds
        held.computeIfPresent(call.session(), (session, count) -> count - n <= 0 ? null : count - n);
        permits += bounded ? Math.min(n, Math.max(0, initial - permits)) : n;
        grantWaiters();
    }

    private void grantWaiters() {
        while (!waiters.isEmpty()) {
            Call next = waiters.peek();
            Want want = next.attachment();
            if (permits < want.permits()) {
                return;
            }
            waiters.poll();
            next.onUndelivered(() -> giveBack(next, want.permits()));
            if (next.complete(want.result())) {
                take(next, want.permits());
            }
        }
    }

    private void abort(Call call, boolean callerGone) {
        waiters.remove(call);
        if (!callerGone) {
            call.fail(new InterruptedException("Interrupted while acquiring a permit"));
        }
        grantWaiters();
    }

    private static void checkCount(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("The number of permits must not be negative, got " + n);
        }
    }
}
