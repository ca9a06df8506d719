package io.managedobjects.internal.server;


/** The hosted side of {@code SharedAtomicLong}. Runs under the host's monitor like every host. */
final class AtomicLongHost implements Host {

    private long value;

    /**
     * Creates a counter.
     *
     * @param initial the initial value
     */
    public AtomicLongHost(long initial) {
        this.value = initial;
    }

    public long get() {
        return value;
    }

    public void set(long newValue) {
        value = newValue;
    }

    public long getAndSet(long newValue) {
        long old = value;
        value = newValue;
        return old;
    }

    public long addAndGet(long delta) {
        value += delta;
        return value;
    }

    public long getAndAdd(long delta) {
        long old = value;
        value += delta;
        return old;
    }

    public boolean compareAndSet(long expect, long update) {
        if (value != expect) {
            return false;
        }
        value = update;
        return true;
    }

    public String text() {
        return Long.toString(value);
    }
}
