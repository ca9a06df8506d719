package io.managedobjects.internal.client;

import io.managedobjects.SharedBarrier;
import io.managedobjects.SharedRef;
import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/** The proxy of a shared barrier; it carries this process's barrier action, if one was given. */
final class RemoteBarrier extends RemoteObject implements SharedBarrier {

    private static final int RUN_ACTION = -1;

    private volatile @Nullable Runnable action;

    RemoteBarrier(ProxyChannel channel, SharedRef ref) {
        super(channel, ref);
    }

    RemoteBarrier withAction(Runnable barrierAction) {
        this.action = barrierAction;
        return this;
    }

    @Override
    public int await() throws InterruptedException, BrokenBarrierException {
        try {
            return arrive(-1L);
        } catch (TimeoutException e) {
            throw new IllegalStateException("an untimed await timed out", e);
        }
    }

    @Override
    public int await(Duration timeout) throws InterruptedException, BrokenBarrierException, TimeoutException {
        return arrive(Math.max(0, timeout.toNanos()));
    }

    private int arrive(long timeoutNanos) throws InterruptedException, BrokenBarrierException, TimeoutException {
        Runnable barrierAction = action;
        int index = this.<Integer>callInterruptibly("await", timeoutNanos, barrierAction != null);
        if (index != RUN_ACTION || barrierAction == null) {
            return index;
        }
        try {
            barrierAction.run();
        } catch (RuntimeException | Error e) {
            call("tripped", false);
            throw e;
        }
        call("tripped", true);
        return 0;
    }

    @Override public int getParties() { return callInt("getParties"); }
    @Override public int getNumberWaiting() { return callInt("getNumberWaiting"); }
    @Override public boolean isBroken() { return callBoolean("isBroken"); }
    @Override public void reset() { call("reset"); }
    @Override public void abort() { call("abort"); }
    @Override public String toString() { return "SharedBarrier[" + sharedId() + ", parties=" + getParties() + "]"; }
}
