package io.managedobjects.internal.client;

import io.managedobjects.SharedRef;
import io.managedobjects.SharedValue;
import org.jspecify.annotations.Nullable;

/** The proxy of a shared value. */
final class RemoteValue<T> extends RemoteObject implements SharedValue<T> {

    RemoteValue(ProxyChannel channel, SharedRef ref) {
        super(channel, ref);
    }

    @Override public @Nullable T get() { return call("get"); }
    @Override public void set(@Nullable T value) { call("set", value); }
    @Override public @Nullable T getAndSet(@Nullable T value) { return call("getAndSet", value); }
    @Override public boolean compareAndSet(@Nullable T expect, @Nullable T update) { return callBoolean("compareAndSet", expect, update); }
    @Override public String toString() { return "Value(" + this.<String>call("text") + ")"; }
}
