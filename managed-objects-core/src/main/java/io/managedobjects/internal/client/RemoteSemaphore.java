package io.managedobjects.internal.client;

import io.managedobjects.SharedRef;
import io.managedobjects.SharedSemaphore;
import java.util.concurrent.TimeUnit;

/** The proxy of a shared semaphore. */
final class RemoteSemaphore extends RemoteObject implements SharedSemaphore {

    RemoteSemaphore(ProxyChannel channel, SharedRef ref) {
        super(channel, ref);
    }

    @Override public void acquire() throws InterruptedException { callInterruptibly("acquire", 1); }
    @Override public void acquire(int permits) throws InterruptedException { callInterruptibly("acquire", permits); }
    @Override public void acquireUninterruptibly() { callUninterruptibly("acquire", 1); }
    @Override public boolean tryAcquire() { return this.<Boolean>callUninterruptibly("tryAcquire", 1); }
    @Override public boolean tryAcquire(int permits) { return this.<Boolean>callUninterruptibly("tryAcquire", permits); }
    @Override public boolean tryAcquire(long timeout, TimeUnit unit) throws InterruptedException { return tryAcquire(1, timeout, unit); }
    @Override public boolean tryAcquire(int permits, long timeout, TimeUnit unit) throws InterruptedException { return callInterruptibly("tryAcquireFor", permits, unit.toNanos(timeout)); }
    @Override public void release() { call("release", 1); }
    @Override public void release(int permits) { call("release", permits); }
    @Override public int availablePermits() { return callInt("availablePermits"); }
    @Override public int drainPermits() { return this.<Integer>callUninterruptibly("drainPermits"); }
    @Override public String toString() { return "SharedSemaphore[" + sharedId() + ", permits=" + availablePermits() + "]"; }
}
