package io.managedobjects.internal.client;

import io.managedobjects.SharedDoubleArray;
import io.managedobjects.SharedRef;

/** The proxy of a shared double array. */
final class RemoteDoubleArray extends RemoteObject implements SharedDoubleArray {

    RemoteDoubleArray(ProxyChannel channel, SharedRef ref) {
        super(channel, ref);
    }

    @Override public int length() { return callInt("length"); }
    @Override public double get(int i) { return callDouble("get", i); }
    @Override public void set(int i, double value) { call("set", i, value); }
    @Override public double getAndSet(int i, double value) { return callDouble("getAndSet", i, value); }
    @Override public boolean compareAndSet(int i, double expect, double update) { return callBoolean("compareAndSet", i, expect, update); }
    @Override public double getAndAdd(int i, double delta) { return callDouble("getAndAdd", i, delta); }
    @Override public double addAndGet(int i, double delta) { return callDouble("addAndGet", i, delta); }
    @Override public double[] toArray() { return call("toArray"); }
    @Override public void setAll(int from, double... values) { call("setAll", from, values); }
    @Override public String toString() { return call("text"); }
}
