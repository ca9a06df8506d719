package io.managedobjects.custom;

import io.managedobjects.ManagedObject;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Thread-safe: two callers can meet inside {@link #meet()}, which needs concurrent calls. */
@ManagedObject(threadSafe = true)
public class Rendezvous {

    private static final CountDownLatch RELEASE = new CountDownLatch(1);
    private final CountDownLatch arrivals = new CountDownLatch(2);

    public boolean meet() throws InterruptedException {
        arrivals.countDown();
        return arrivals.await(30, TimeUnit.SECONDS);
    }

    /** Blocks until another instance's {@link #release()} (a slow call on this instance). */
    public boolean waitForRelease() throws InterruptedException {
        return RELEASE.await(30, TimeUnit.SECONDS);
    }

    public void release() {
        RELEASE.countDown();
    }

    public String ping() {
        return "pong";
    }
}
