package io.managedobjects.internal.server;

import io.managedobjects.SharedRef;
import io.managedobjects.internal.codec.RefResolver;
import org.jspecify.annotations.Nullable;

/**
 * The server side of reference handling for one connection. A decoded reference becomes a
 * {@link HostedRef} where the server only stores the value (it compares as that object and never calls
 * it), a server-side proxy where a type is declared ({@link #fit}: a record's {@code SharedMap}
 * component) and everywhere in the arguments of a hosted user object, whose code uses them
 * ({@link #forRequest}). A hosted object sent to the client counts one reference for the client's
 * session (its proxy releases it); a {@link Created} result was counted when it was created.
 */
final class ServerRefs implements RefResolver {

    /** A result that is a new reference already counted for the session. */
    record Created(HostedObject object) {
    }

    private final ObjectRegistry registry;
    private final LocalChannel local;
    private final Session session;
    private int decoded;
    /** The request being decoded: whether its arguments go to user code is found out at its first reference. */
    private @Nullable String target;
    private String method = "";
    private int forUserCode = -1;

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
            // a reference to an object destroyed meanwhile still goes as one: calls through it say it is gone
            return registry.referenceOfGone(value);
        }
        registry.addRef(session, object);
        return object.ref();
    }

    @Override
    public Object fromRef(SharedRef ref) {
        Object standIn = forUserCode() ? local.proxy(ref) : local.hostedRef(ref);
        decoded++;
        return standIn;
    }

    /** The arguments of a call on a user object get proxies its code can use, for every reference. */
    private boolean forUserCode() {
        if (forUserCode < 0) {
            forUserCode = target != null && local.isForUserCode(target, method) ? 1 : 0;
        }
        return forUserCode == 1;
    }

    @Override
    public RefResolver forRequest(String target, String method) {
        this.target = target;
        this.method = method;
        this.forUserCode = -1;
        return this;
    }

    /** A bulk put into a hosted map reads its argument straight into the compact map it is copied from. */
    @Override
    public java.util.@Nullable Map<@Nullable Object, @Nullable Object> argumentMap() {
        return target != null && method.equals("putAll") && local.isMap(target) ? new CompactMap() : null;
    }

    @Override
    public Object fit(Object value, Class<?> declared) {
        return local.fit(value, declared);
    }

    /** How many references were decoded since the last call; resets the count. */
    int takeDecodedCount() {
        int count = decoded;
        decoded = 0;
        return count;
    }
}
