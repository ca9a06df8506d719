package io.managedobjects.internal.client;

import io.managedobjects.SharedAtomicLong;
import io.managedobjects.SharedRef;

/** The proxy of a shared atomic long. */
final class RemoteAtomicLong extends RemoteObject implements SharedAtomicLong {

    RemoteAtomicLong(ProxyChannel channel, SharedRef ref) {
        super(channel, ref);
    }

    @Override public long get() { return callLong("get"); }
    @Override public void set(long value) { call("set", value); }
    @Override public long getAndSet(long value) { return callLong("getAndSet", value); }
    @Override public long incrementAndGet() { return callLong("addAndGet", 1L); }
    @Override public long decrementAndGet() { return callLong("addAndGet", -1L); }
    @Override public long getAndIncrement() { return callLong("getAndAdd", 1L); }
    @Override public long getAndDecrement() { return callLong("getAndAdd", -1L); }
    @Override public long addAndGet(long delta) { return callLong("addAndGet", delta); }
    @Override public long getAndAdd(long delta) { return callLong("getAndAdd", delta); }
    @Override public boolean compareAndSet(long expect, long update) { return callBoolean("compareAndSet", expect, update); }
    @Override public String toString() { return call("text"); }

}
