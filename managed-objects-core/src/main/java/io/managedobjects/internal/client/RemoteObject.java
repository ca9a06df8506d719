package io.managedobjects.internal.client;

import io.managedobjects.SharedObject;
import io.managedobjects.SharedRef;
import org.jspecify.annotations.Nullable;

/**
 * The base of every built-in proxy: a reference and the manager to call through. A proxy method is
 * one line naming the remote operation; transport, encoding, errors and references live in
 * {@link ClientManager}.
 */
abstract class RemoteObject implements SharedObject {

    private final ClientManager manager;
    private final SharedRef ref;

    RemoteObject(ClientManager manager, SharedRef ref) {
        this.manager = manager;
        this.ref = ref;
    }

    final ClientManager manager() {
        return manager;
    }

    /** Calls a remote operation of this object. */
    @SuppressWarnings("unchecked")
    final <T> T call(String operation, @Nullable Object... args) {
        return (T) manager.call(ref.id(), operation, args);
    }

    final int callInt(String operation, @Nullable Object... args) {
        return this.<Integer>call(operation, args);
    }

    final boolean callBoolean(String operation, @Nullable Object... args) {
        return this.<Boolean>call(operation, args);
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
