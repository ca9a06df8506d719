package io.managedobjects.internal.server;

import io.managedobjects.SharedRef;
import io.managedobjects.internal.codec.RefResolver;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Encodes the references of one reply through the connection's {@link ServerRefs} (which counts each
 * one for the client's session) and remembers them, so that a reply that is not sent after all (above
 * the frame limit, not encodable for the caller, or its connection gone) gives its counts back.
 */
final class ReplyRefs implements RefResolver {

    private final ServerRefs refs;
    private final ObjectRegistry registry;
    private final Session session;
    private @Nullable List<HostedObject> counted;

    ReplyRefs(ServerRefs refs, ObjectRegistry registry, Session session) {
        this.refs = refs;
        this.registry = registry;
        this.session = session;
    }

    @Override
    public @Nullable SharedRef toRef(Object value) {
        SharedRef ref = refs.toRef(value);
        // a Created result was counted when it was made, any other hosted object just now: either is the reply's to give back
        HostedObject object = value instanceof ServerRefs.Created created ? created.object()
                : ref == null ? null : registry.hostedObjectOf(value);
        if (ref != null && object != null) {
            if (counted == null) {
                counted = new ArrayList<>();
            }
            counted.add(object);
        }
        return ref;
    }

    @Override
    public Object fromRef(SharedRef ref) {
        return refs.fromRef(ref);
    }

    /**
     * Hands what this reply counted to whoever sends it (this instance is reused for the next reply).
     *
     * @return null if it counted nothing (the common case: no allocation), else a resolver holding the counts
     */
    @Nullable ReplyRefs detach() {
        List<HostedObject> objects = counted;
        if (objects == null) {
            return null;
        }
        counted = null;
        ReplyRefs owner = new ReplyRefs(refs, registry, session);
        owner.counted = objects;
        return owner;
    }

    /** The reply was sent: its counts now belong to the client's proxies. */
    void sent() {
        counted = null;
    }

    /** The reply is not sent: gives back every count it took. */
    void undo() {
        List<HostedObject> objects = counted;
        counted = null;
        if (objects != null) {
            for (HostedObject object : objects) {
                registry.release(session, object.id());
            }
        }
    }
}
