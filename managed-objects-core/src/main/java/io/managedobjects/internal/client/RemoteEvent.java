package io.managedobjects.internal.client;

import io.managedobjects.SharedEvent;
import io.managedobjects.SharedRef;
import java.time.Duration;

/** The proxy of a shared event. */
final class RemoteEvent extends RemoteObject implements SharedEvent {

    RemoteEvent(ProxyChannel channel, SharedRef ref) {
        super(channel, ref);
    }

    @Override public void set() { call("set"); }
    @Override public void clear() { call("clear"); }
    @Override public boolean isSet() { return callBoolean("isSet"); }
    @Override public void await() throws InterruptedException { callInterruptibly("await", -1L); }
    @Override public boolean await(Duration timeout) throws InterruptedException { return callInterruptibly("await", Math.max(0, timeout.toNanos())); }
    @Override public String toString() { return "SharedEvent[" + sharedId() + (isSet() ? ", set]" : ", clear]"); }
}
