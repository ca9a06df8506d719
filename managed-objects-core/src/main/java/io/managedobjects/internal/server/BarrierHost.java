package io.managedobjects.internal.server;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The hosted side of {@code SharedBarrier}, with {@code CyclicBarrier}'s rules: the arrival index
 * counts down to 0 for the last party; a timeout, an interrupt, an abort or the death of a waiting
 * party breaks the barrier for everyone waiting. When the last party's proxy has a barrier action, it
 * is told to run it ({@link #RUN_ACTION}) and the others are released when it reports back.
 */
final class BarrierHost implements Host {

    /** Returned to the last arriving party whose proxy has an action: run it, then call {@code tripped}. */
    public static final int RUN_ACTION = -1;

    private final int parties;
    private final ArrayDeque<Call> waiting = new ArrayDeque<>();
    private boolean broken;
    private long generation;
    private @Nullable String trippingSession;

    /**
     * Creates a barrier.
     *
     * @param parties how many parties must arrive
     */
    public BarrierHost(int parties) {
        if (parties <= 0) {
            throw new IllegalArgumentException("A barrier needs at least one party, got " + parties);
        }
        this.parties = parties;
    }

    @Override
    public Map<String, Object> state() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("parties", parties);
        state.put("waiting", waiting.size());
        state.put("broken", broken);
        state.put("generation", generation);
        return state;
    }

    @Override
    public boolean tracksSessions() {
        return true;
    }

    @Override
    public void destroyed() {
        LockHost.failAll(waiting);
    }

    @Override
    public void sessionEnded(String session) {
        if (session.equals(trippingSession)) {
            breakBarrier();
        }
    }

    /**
     * Arrives at the barrier.
     *
     * @param call the caller
     * @param timeoutNanos the timeout, or negative for none
     * @param hasAction whether the caller's proxy has a barrier action to run if it arrives last
     * @return the arrival index, {@link #RUN_ACTION}, or (later) the index when the barrier trips
     * @throws BrokenBarrierException if the barrier is broken
     */
    public Object await(Call call, long timeoutNanos, boolean hasAction) throws BrokenBarrierException {
        if (broken || trippingSession != null) {
            throw new BrokenBarrierException(broken ? "The barrier is broken" : "The barrier is tripping");
        }
        int index = parties - 1 - waiting.size();
        if (index == 0) {
            if (hasAction) {
                trippingSession = call.session();
                return RUN_ACTION;
            }
            trip();
            return 0;
        }
        waiting.add(call.attach(index));
        Call.AbortHandler onAbort = (c, gone) -> {
            waiting.remove(c);
            breakBarrier();
            if (!gone) {
                c.fail(new InterruptedException("Interrupted while waiting at the barrier"));
            }
        };
        if (timeoutNanos < 0) {
            return call.park(onAbort);
        }
        return call.park(timeoutNanos, () -> {
            waiting.remove(call);
            breakBarrier();
            call.fail(new TimeoutException("The barrier did not trip in time: it is now broken"));
        }, onAbort);
    }

    /**
     * The last party reports that it ran the barrier action.
     *
     * @param ok false if the action threw: the barrier breaks
     */
    public void tripped(boolean ok) throws BrokenBarrierException {
        if (trippingSession == null) {
            throw new BrokenBarrierException("The barrier was broken while the barrier action ran");
        }
        trippingSession = null;
        if (ok) {
            trip();
        } else {
            breakBarrier();
        }
    }

    private void trip() {
        generation++;
        while (!waiting.isEmpty()) {
            Call party = waiting.poll();
            party.complete(party.<Integer>attachment());
        }
    }

    private void breakBarrier() {
        broken = true;
        trippingSession = null;
        while (!waiting.isEmpty()) {
            waiting.poll().fail(new BrokenBarrierException("The barrier was broken: a party timed out, was interrupted, aborted or died"));
        }
    }

    public void reset() {
        breakBarrier();
        broken = false;
        generation++;
    }

    public void abort() {
        breakBarrier();
    }

    public int getParties() {
        return parties;
    }

    public int getNumberWaiting() {
        return waiting.size();
    }

    public boolean isBroken() {
        return broken;
    }
}
