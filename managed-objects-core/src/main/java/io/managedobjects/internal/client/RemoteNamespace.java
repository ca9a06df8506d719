package io.managedobjects.internal.client;

import io.managedobjects.SharedNamespace;
import io.managedobjects.SharedRef;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The proxy of a shared namespace. */
final class RemoteNamespace extends RemoteObject implements SharedNamespace {

    RemoteNamespace(ProxyChannel channel, SharedRef ref) {
        super(channel, ref);
    }

    @Override public @Nullable Object get(String attr) { return call("get", attr); }
    @Override public void set(String attr, @Nullable Object value) { call("set", attr, value); }
    @Override public void remove(String attr) { call("remove", attr); }
    @Override public boolean has(String attr) { return callBoolean("has", attr); }
    @Override public Map<String, @Nullable Object> attributes() { return call("attributes"); }
    @Override public String toString() { return call("text"); }
}
