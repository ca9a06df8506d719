package io.managedobjects.internal.client;

import io.managedobjects.SharedCondition;
import io.managedobjects.SharedLock;
import io.managedobjects.SharedRef;
import java.util.Date;
import java.util.concurrent.TimeUnit;

/** The proxy of a shared condition; awaits are blocking calls answered with the time left. */
final class RemoteCondition extends RemoteObject implements SharedCondition {

    RemoteCondition(ProxyChannel channel, SharedRef ref) {
        super(channel, ref);
    }

    @Override public void await() throws InterruptedException { callInterruptibly("await", -1L); }
    @Override public void awaitUninterruptibly() { callUninterruptibly("await", -1L); }
    @Override public long awaitNanos(long nanosTimeout) throws InterruptedException { return callInterruptibly("await", Math.max(0, nanosTimeout)); }
    @Override public boolean await(long time, TimeUnit unit) throws InterruptedException { return awaitNanos(unit.toNanos(time)) > 0; }
    @Override public void signal() { call("signal"); }
    @Override public void signalAll() { call("signalAll"); }
    @Override public SharedLock lock() { return call("lock"); }

    @Override
    public boolean awaitUntil(Date deadline) throws InterruptedException {
        return awaitNanos(TimeUnit.MILLISECONDS.toNanos(deadline.getTime() - System.currentTimeMillis())) > 0;
    }
}
