package io.managedobjects.internal.server;

import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A warning that repeats (a flood of refused peers, accepts failing for lack of file descriptors) is
 * logged at most once a minute, with how many were left out since.
 */
final class RateLimitedLog {

    private static final long INTERVAL = TimeUnit.MINUTES.toNanos(1);

    private final System.Logger log;
    private final AtomicLong last = new AtomicLong(System.nanoTime() - 2 * INTERVAL);
    private final AtomicLong suppressed = new AtomicLong();

    RateLimitedLog(System.Logger log) {
        this.log = log;
    }

    /**
     * Logs a warning unless one was logged less than a minute ago.
     *
     * @param format the message, in {@link java.text.MessageFormat} form
     * @param args its arguments
     */
    void warn(String format, Object... args) {
        long now = System.nanoTime();
        long previous = last.get();
        if (now - previous < INTERVAL || !last.compareAndSet(previous, now)) {
            suppressed.incrementAndGet();
            return;
        }
        long left = suppressed.getAndSet(0);
        log.log(Level.WARNING, java.text.MessageFormat.format(format, args)
                + (left > 0 ? " (" + left + " similar warnings in the last minute were not logged)" : ""));
    }
}
