package io.managedobjects.internal.server;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The hosted side of {@code SharedLock}, reentrant (owned by one client thread, with a hold count:
 * Python's RLock) or not (anyone may unlock: Python's Lock). Waiters are served first come, first served.
 * A lock held by a client manager that ends (its process died) is released. Conditions bound to the lock
 * ({@link ConditionHost}) share its monitor and its queue of waiters.
 */
final class LockHost implements Host {

    /** No deadline: the wait is not timed. */
    static final long NO_DEADLINE = Long.MIN_VALUE;

    /**
     * What a parked caller gets when it is granted the lock.
     *
     * @param holds the hold count it gets (a condition waiter gets its saved count back)
     * @param deadline the System.nanoTime deadline of a timed condition wait, else {@link #NO_DEADLINE}
     * @param conditionWait whether the call is a condition's await (its result is the time left)
     * @param reacquiring whether a condition waiter is back in the lock's queue (signalled, timed out or
     *     interrupted): it then waits for the lock uninterruptibly, as in the JDK
     * @param error the failure to deliver once the lock is reacquired (an interrupted condition wait)
     * @param timedOut whether a timed condition wait timed out
     */
    record Grant(int holds, long deadline, boolean conditionWait, boolean reacquiring, @Nullable Throwable error, boolean timedOut) {

        static final Grant LOCK = new Grant(1, NO_DEADLINE, false, false, null, false);

        Grant reacquire(@Nullable Throwable failure, boolean timeout) {
            return new Grant(holds, deadline, true, true, failure, timeout);
        }
    }

    private final boolean reentrant;
    private @Nullable String owner;
    private @Nullable String ownerSession;
    private String ownerDescription = "";
    private int holds;
    /** The fencing token of the current hold: one more at each acquisition. */
    private long fence;
    private final ArrayDeque<Call> waiters = new ArrayDeque<>();

    /**
     * Creates an unlocked lock.
     *
     * @param reentrant whether it is owned by a thread and reentrant
     */
    public LockHost(boolean reentrant) {
        this.reentrant = reentrant;
    }

    @Override
    public Map<String, Object> state() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("locked", owner != null);
        state.put("reentrant", reentrant);
        if (owner != null) {
            state.put("owner", ownerDescription);
            state.put("holds", holds);
        }
        state.put("waiters", waiters.size());
        return state;
    }

    @Override
    public boolean heldBy(String session) {
        return owner != null && owner.startsWith(session + ":");
    }

    @Override
    public boolean tracksSessions() {
        return true;
    }

    @Override
    public void destroyed() {
        failAll(waiters);
    }

    /** Fails every parked call of a queue of waiters (the object was destroyed). */
    static void failAll(java.util.Collection<Call> calls) {
        for (Call call : new java.util.ArrayList<>(calls)) {
            call.fail(new IllegalStateException("The shared object was destroyed while this call waited"));
        }
        calls.clear();
    }

    @Override
    public void sessionEnded(String session) {
        if (session.equals(ownerSession)) {
            release();
        }
    }

    public Object lock(Call call) {
        if (tryAcquire(call, 1)) {
            return true;
        }
        waiters.add(call.attach(Grant.LOCK));
        return call.park(this::abortLockWaiter);
    }

    public boolean tryLock(Call call) {
        return tryAcquire(call, 1);
    }

    public Object tryLockFor(Call call, long timeoutNanos) {
        if (tryAcquire(call, 1)) {
            return true;
        }
        waiters.add(call.attach(Grant.LOCK));
        return call.park(timeoutNanos, () -> {
            waiters.remove(call);
            call.complete(false);
        }, this::abortLockWaiter);
    }

    public void unlock(Call call) {
        if (owner == null) {
            throw new IllegalMonitorStateException("unlock() of a lock that is not locked");
        }
        if (reentrant && !owner.equals(call.owner())) {
            throw new IllegalMonitorStateException("unlock() by " + call.describe() + ", which does not hold the lock (held by "
                    + ownerDescription + ")");
        }
        if (reentrant && --holds > 0) {
            return;
        }
        release();
    }

    public boolean isLocked() {
        return owner != null;
    }

    public boolean isHeldByCaller(Call call) {
        return call.owner().equals(owner);
    }

    public int getHoldCount(Call call) {
        return call.owner().equals(owner) ? holds : 0;
    }

    public long fencingToken(Call call) {
        if (!call.owner().equals(owner)) {
            throw new IllegalMonitorStateException("fencingToken() by " + call.describe() + ", which does not hold the lock");
        }
        return fence;
    }

    private boolean tryAcquire(Call call, int count) {
        if (owner == null) {
            take(call, count);
            return true;
        }
        if (reentrant && owner.equals(call.owner())) {
            holds += count;
            return true;
        }
        return false;
    }

    private void take(Call call, int count) {
        fence++;
        grantedTo = call;
        owner = call.owner();
        ownerSession = call.session();
        ownerDescription = call.describe();
        holds = count;
    }

    private void release() {
        grantedTo = null;
        owner = null;
        ownerSession = null;
        holds = 0;
        grantNext();
    }

    /** Hands the free lock to the first waiter still there; a waiter whose caller is gone is skipped. */
    private void grantNext() {
        while (owner == null && !waiters.isEmpty()) {
            Call next = waiters.poll();
            Grant grant = next.attachment();
            take(next, grant.holds());
            next.onUndelivered(() -> undoGrant(next, grant));
            boolean delivered;
            if (grant.error() != null) {
                delivered = next.fail(grant.error());
            } else if (grant.conditionWait()) {
                long remaining = grant.deadline() == NO_DEADLINE ? 1 : grant.deadline() - System.nanoTime();
                delivered = next.complete(grant.timedOut() ? Math.min(remaining, 0) : Math.max(remaining, 1));
            } else {
                delivered = next.complete(true);
            }
            if (!delivered) {
                grantedTo = null;
                owner = null;
                ownerSession = null;
                holds = 0;
            }
        }
    }

    /** A grant whose reply never reached its caller: what it granted is taken back (the lock goes to the next waiter). */
    private void undoGrant(Call call, Grant grant) {
        if (grantedTo != call) {
            // released meanwhile (its session ended, or someone released a plain lock): nothing of this grant is left
            return;
        }
        holds -= grant.holds();
        if (holds <= 0) {
            release();
        }
    }

    /** The call the current hold began with: a grant whose reply is lost is undone only while it lasts. */
    private @Nullable Call grantedTo;

    /** A plain lock waiter, or a condition waiter already signalled and reacquiring, was aborted. */
    private void abortLockWaiter(Call call, boolean callerGone) {
        Grant grant = call.attachment();
        if (callerGone) {
            waiters.remove(call);
        } else if (!grant.reacquiring()) {
            waiters.remove(call);
            call.fail(new InterruptedException("Interrupted while waiting for the lock"));
        }
        // an interrupted condition waiter that is reacquiring keeps its place, as in the JDK
    }

    // ---- conditions (called by ConditionHost under this monitor) ----

    Object await(Call call, ArrayDeque<Call> condition, long timeoutNanos) {
        checkHeld(call, "await()");
        int saved = holds;
        long deadline = timeoutNanos < 0 ? NO_DEADLINE : System.nanoTime() + timeoutNanos;
        release();
        condition.add(call.attach(new Grant(saved, deadline, true, false, null, false)));
        Call.AbortHandler onAbort = (c, gone) -> abortConditionWaiter(c, gone, condition);
        if (timeoutNanos < 0) {
            return call.park(onAbort);
        }
        return call.park(timeoutNanos, () -> {
            if (condition.remove(call)) {
                Grant grant = call.attachment();
                reacquire(call, grant.reacquire(null, true));
            }
        }, onAbort);
    }

    private void abortConditionWaiter(Call call, boolean callerGone, ArrayDeque<Call> condition) {
        if (condition.remove(call)) {
            if (!callerGone) {
                Grant grant = call.attachment();
                reacquire(call, grant.reacquire(new InterruptedException("Interrupted while awaiting a condition"), false));
            }
        } else {
            abortLockWaiter(call, callerGone);
        }
    }

    private void reacquire(Call call, Grant grant) {
        waiters.add(call.attach(grant));
        grantNext();
    }

    void signal(Call call, ArrayDeque<Call> condition, boolean all) {
        checkHeld(call, all ? "signalAll()" : "signal()");
        do {
            Call next = condition.poll();
            if (next == null) {
                return;
            }
            Grant grant = next.attachment();
            waiters.add(next.attach(grant.reacquire(null, false)));
        } while (all);
    }

    private void checkHeld(Call call, String operation) {
        if (owner == null || (reentrant && !owner.equals(call.owner()))) {
            throw new IllegalMonitorStateException(operation + " needs the condition's lock held by the caller");
        }
    }

    int waiterCount() {
        return waiters.size();
    }
}
