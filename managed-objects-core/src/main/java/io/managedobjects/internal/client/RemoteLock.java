package io.managedobjects.internal.client;

import io.managedobjects.SharedCondition;
import io.managedobjects.SharedLock;
import io.managedobjects.SharedRef;
import java.util.concurrent.TimeUnit;

/** The proxy of a shared lock. Acquisitions that wait are blocking calls; the rest are plain calls. */
final class RemoteLock extends RemoteObject implements SharedLock {

    RemoteLock(ProxyChannel channel, SharedRef ref) {
        super(channel, ref);
    }

    @Override public void lock() { callUninterruptibly("lock"); }
    @Override public void lockInterruptibly() throws InterruptedException { callInterruptibly("lock"); }
    @Override public boolean tryLock() { return this.<Boolean>callUninterruptibly("tryLock"); }
    @Override public boolean tryLock(long time, TimeUnit unit) throws InterruptedException { return callInterruptibly("tryLockFor", unit.toNanos(time)); }
    @Override public void unlock() { call("unlock"); }
    @Override public boolean isLocked() { return callBoolean("isLocked"); }
    @Override public boolean isHeldByCurrentThread() { return callBoolean("isHeldByCaller"); }
    @Override public int getHoldCount() { return callInt("getHoldCount"); }
    @Override public long fencingToken() { return callLong("fencingToken"); }
    @Override public SharedCondition newCondition() { return channel().condition(this); }
    @Override public String toString() { return "SharedLock[" + sharedId() + (isLocked() ? ", locked]" : ", unlocked]"); }
}
