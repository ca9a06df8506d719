package io.managedobjects.internal.server;

import io.managedobjects.SharedRef;
import io.managedobjects.internal.codec.RefResolver;
import org.jspecify.annotations.Nullable;

/**
 * The server side of reference handling for one connection: a decoded reference becomes a
 * {@link HostedRef}; a {@code HostedRef} sent to the client counts one reference for the client's
 * session (its proxy releases it). A {@link Created} result was counted when it was created.
 */
final class ServerRefs implements RefResolver {

    /** A result that is a new reference already counted for the session. */
    record Created(HostedObject object) {
    }

    private final ObjectRegistry registry;
    private final Session session;
    private int decoded;

    ServerRefs(ObjectRegistry registry, Session session) {
        this.registry = registry;
        this.session = session;
    }

    @Override
    public @Nullable SharedRef toRef(Object value) {
        if (value instanceof HostedRef ref) {
            registry.addRef(session, ref.object());
            return ref.ref();
        }
        if (value instanceof Created created) {
            return created.object().ref();
        }
        return null;
    }

    @Override
    public Object fromRef(SharedRef ref) {
        HostedObject object = registry.get(ref.id());
        if (!object.type().equals(ref.type())) {
            throw new IllegalStateException("Reference " + ref + " names a " + ref.type() + " but object " + ref.id() + " is a " + object.type());
        }
        decoded++;
        return new HostedRef(object);
    }

    /** How many references were decoded since the last call; resets the count. */
    int takeDecodedCount() {
        int count = decoded;
        decoded = 0;
        return count;
    }
}
