package io.managedobjects.internal.client;

import io.managedobjects.SharedLongArray;
import io.managedobjects.SharedRef;

/** The proxy of a shared long array. */
final class RemoteLongArray extends RemoteObject implements SharedLongArray {

    RemoteLongArray(ProxyChannel channel, SharedRef ref) {
        super(channel, ref);
    }

    @Override public int length() { return callInt("length"); }
    @Override public long get(int i) { return callLong("get", i); }
    @Override public void set(int i, long value) { call("set", i, value); }
    @Override public long getAndSet(int i, long value) { return callLong("getAndSet", i, value); }
    @Override public boolean compareAndSet(int i, long expect, long update) { return callBoolean("compareAndSet", i, expect, update); }
    @Override public long getAndAdd(int i, long delta) { return callLong("getAndAdd", i, delta); }
    @Override public long addAndGet(int i, long delta) { return callLong("addAndGet", i, delta); }
    @Override public long incrementAndGet(int i) { return callLong("addAndGet", i, 1L); }
    @Override public long decrementAndGet(int i) { return callLong("addAndGet", i, -1L); }
    @Override public long[] toArray() { return call("toArray"); }
    @Override public void setAll(int from, long... values) { call("setAll", from, values); }
    @Override public String toString() { return call("text"); }
}
