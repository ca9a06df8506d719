package io.managedobjects.internal.server;

import io.managedobjects.SharedRef;
import io.managedobjects.internal.codec.RefResolver;
import org.jspecify.annotations.Nullable;

/**
 * The server side of reference handling for one connection: a decoded reference becomes a server-side
 * proxy ({@link LocalChannel}), which fits wherever the value declares a shared type (a record's
 * {@code SharedMap} component, a user method's parameter); a hosted object sent to the client (such a
 * proxy, or a {@link HostedRef}) counts one reference for the client's session (its proxy releases it).
 * A {@link Created} result was counted when it was created.
 */
final class ServerRefs implements RefResolver {

    /** A result that is a new reference already counted for the session. */
    record Created(HostedObject object) {
    }

    private final ObjectRegistry registry;
    private final LocalChannel local;
    private final Session session;
    private int decoded;

    ServerRefs(ObjectRegistry registry, LocalChannel local, Session session) {
        this.registry = registry;
        this.local = local;
        this.session = session;
    }

    @Override
    public @Nullable SharedRef toRef(Object value) {
        if (value instanceof Created created) {
            return created.object().ref();
        }
        HostedObject object = registry.hostedObjectOf(value);
        if (object == null) {
            return null;
        }
        registry.addRef(session, object);
        return object.ref();
    }

    @Override
    public Object fromRef(SharedRef ref) {
        Object proxy = local.proxy(ref);
        decoded++;
        return proxy;
    }

    /** How many references were decoded since the last call; resets the count. */
    int takeDecodedCount() {
        int count = decoded;
        decoded = 0;
        return count;
    }
}
