package io.managedobjects.custom;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Not thread-safe: {@link #hold(long)} keeps the instance's monitor until released or timed out (a long user method). */
public class Slow {

    private static final CountDownLatch RELEASE = new CountDownLatch(1);

    /**
     * Runs until another instance's {@link #release()}, or the time is up.
     *
     * @param millis how long at most
     * @return whether it was released
     * @throws InterruptedException if the server stops meanwhile
     */
    public boolean hold(long millis) throws InterruptedException {
        return RELEASE.await(millis, TimeUnit.MILLISECONDS);
    }

    /** Ends every {@link #hold(long)}. */
    public void release() {
        RELEASE.countDown();
    }

    public String ping() {
        return "pong";
    }
}
