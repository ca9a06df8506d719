package io.managedobjects.internal.client;

import io.managedobjects.DisallowedTypeException;
import io.managedobjects.SharedObject;
import io.managedobjects.SharedRef;
import java.util.ArrayList;
import java.util.Collection;
import org.jspecify.annotations.Nullable;

/**
 * The base of every built-in proxy: a reference and the channel to call through. A proxy method is
 * one line naming the remote operation; transport, encoding, errors and references live behind the
 * {@link ProxyChannel} (a {@link ClientManager}, or the server itself for proxies held by hosted values).
 */
abstract class RemoteObject implements SharedObject {

    private final ProxyChannel channel;
    private final SharedRef ref;

    RemoteObject(ProxyChannel channel, SharedRef ref) {
        this.channel = channel;
        this.ref = ref;
    }

    final ProxyChannel channel() {
        return channel;
    }

    /** Calls a remote operation of this object. */
    @SuppressWarnings("unchecked")
    final <T> T call(String operation, @Nullable Object... args) {
        try {
            return (T) channel.call(ref, operation, ProxyChannel.Wait.PLAIN, null, args);
        } catch (InterruptedException e) {
            throw new IllegalStateException("a plain call cannot be interrupted", e);
        }
    }

    /**
     * Calls a query; if an argument cannot be sent at all (its type is not allowed here), answers
     * {@code absent} instead: such a value cannot be in the shared object.
     */
    final <T> T query(T absent, String operation, @Nullable Object... args) {
        try {
            return call(operation, args);
        } catch (DisallowedTypeException e) {
            for (Object arg : args) {
                if (!channel.canSend(arg)) {
                    return absent;
                }
            }
            throw e;
        }
    }

    /**
     * Calls a bulk operation taking a collection; elements that cannot be sent (their type is not
     * allowed here) cannot be in the shared object and are left out.
     */
    final boolean callWithSendable(String operation, Collection<?> elements) {
        try {
            return callBoolean(operation, new ArrayList<>(elements));
        } catch (DisallowedTypeException e) {
            ArrayList<Object> sendable = new ArrayList<>();
            for (Object element : elements) {
                if (channel.canSend(element)) {
                    sendable.add(element);
                }
            }
            if (sendable.size() == elements.size()) {
                throw e;
            }
            return callBoolean(operation, sendable);
        }
    }

    /** Calls an operation that may block; an interrupt cancels it on the server. */
    @SuppressWarnings("unchecked")
    final <T> T callInterruptibly(String operation, @Nullable Object... args) throws InterruptedException {
        return (T) channel.call(ref, operation, ProxyChannel.Wait.INTERRUPTIBLE, null, args);
    }

    /**
     * Calls an operation that may block, or that takes something (an item, a permit, a lock) that must
     * not be lost if the caller is interrupted while the reply travels: interrupts are ignored (the
     * status is kept) and the reply is read on a helper thread, so the connection survives them.
     */
    @SuppressWarnings("unchecked")
    final <T> T callUninterruptibly(String operation, @Nullable Object... args) {
        try {
            return (T) channel.call(ref, operation, ProxyChannel.Wait.UNINTERRUPTIBLE, null, args);
        } catch (InterruptedException e) {
            throw new IllegalStateException("an uninterruptible call was interrupted", e);
        }
    }

    /** A call returning an int (0 while a pipelined call is recorded). */
    final int callInt(String operation, @Nullable Object... args) {
        Integer value = call(operation, args);
        return value == null ? 0 : value;
    }

    /** A call returning a boolean (false while a pipelined call is recorded). */
    final boolean callBoolean(String operation, @Nullable Object... args) {
        Boolean value = call(operation, args);
        return value != null && value;
    }

    /** A call returning a long (0 while a pipelined call is recorded). */
    final long callLong(String operation, @Nullable Object... args) {
        Number value = call(operation, args);
        return value == null ? 0 : value.longValue();
    }

    /** A call returning a double (0 while a pipelined call is recorded). */
    final double callDouble(String operation, @Nullable Object... args) {
        Number value = call(operation, args);
        return value == null ? 0 : value.doubleValue();
    }

    /** Two proxies are equal when they stand for the same hosted object (collections compare contents instead). */
    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof RemoteObject other && other.ref.id().equals(ref.id()) && other.channel.address().equals(channel.address());
    }

    @Override
    public int hashCode() {
        return ref.id().hashCode();
    }

    @Override
    public final String sharedId() {
        return ref.id();
    }

    @Override
    public final @Nullable String sharedName() {
        return ref.name();
    }

    @Override
    public final String sharedType() {
        return ref.type();
    }

    @Override
    public final SharedRef sharedRef() {
        return ref;
    }
}
