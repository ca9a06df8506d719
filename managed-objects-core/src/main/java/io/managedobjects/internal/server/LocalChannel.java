package io.managedobjects.internal.server;

import io.managedobjects.ManagerException;
import io.managedobjects.SharedCondition;
import io.managedobjects.SharedLock;
import io.managedobjects.SharedRef;
import io.managedobjects.internal.TypeRegistration;
import io.managedobjects.internal.client.ProxyChannel;
import io.managedobjects.internal.client.Proxies;
import io.managedobjects.internal.codec.RefResolver;
import io.managedobjects.internal.codec.Request;
import io.managedobjects.internal.codec.WireCodec;
import java.lang.reflect.Method;
import org.jspecify.annotations.Nullable;

/**
 * The server's own proxies: a reference decoded on the server (a shared map in a record's field, in a
 * plain list, or passed to a user object) becomes a proxy of the same class a client gets, whose calls
 * run on the hosted object directly. Arguments and results are still copied through the codec, exactly
 * as over the wire, so a hosted value never aliases a user object's state. Such proxies compare as the
 * object they stand for (a stored value's equality never changes), print as that object's reference
 * ({@code list(3)}: a stored value's text never locks another object), hold no session reference (what keeps
 * their object alive is the value that holds them, found by the collector), and cannot make calls that
 * wait or need a caller's session (a lock's {@code tryLock}, a queue's {@code take}): a hosted method must
 * not block its own object's callers on another object.
 */
final class LocalChannel implements ProxyChannel {

    private final ServerEngine engine;
    /** Hosted objects become references and references local proxies; nothing is counted for a session. */
    private final RefResolver refs = new RefResolver() {
        @Override
        public @Nullable SharedRef toRef(Object value) {
            HostedObject object = engine.registry().hostedObjectOf(value);
            return object == null ? null : object.ref();
        }

        @Override
        public Object fromRef(SharedRef ref) {
            return proxy(ref);
        }
    };

    LocalChannel(ServerEngine engine) {
        this.engine = engine;
    }

    /**
     * The local proxy of a reference read from the wire.
     *
     * @param ref the reference
     * @return its proxy
     * @throws IllegalStateException if the object is gone, or is not of the type the reference names
     */
    Object proxy(SharedRef ref) {
        HostedObject object = engine.registry().get(ref.id());
        if (!object.type().equals(ref.type())) {
            throw new IllegalStateException("Reference " + ref + " names a " + ref.type() + " but object " + ref.id() + " is a " + object.type());
        }
        return Proxies.create(this, object.ref());
    }

    @Override
    public @Nullable Object call(SharedRef ref, String method, Wait wait, @Nullable Method userMethod, @Nullable Object[] args) {
        HostedObject object = engine.registry().get(ref.id());
        if (method.equals("text") || method.equals("toString()")) {
            // a stored value's text never locks, or recurses into, another object
            return object.type() + "(" + object.id() + ")";
        }
        Method operation = object.methods().find(method);
        if (operation == null) {
            throw new ManagerException("The shared " + object.type() + " has no remote operation '" + method + "'");
        }
        if (wait != Wait.PLAIN || operation.getParameterCount() > 0 && operation.getParameterTypes()[0] == Call.class) {
            throw new UnsupportedOperationException("'" + method + "' of a shared " + object.type() + " waits, or needs the "
                    + "caller's session (an owner), so it cannot be called from inside a hosted object's method: call it from a "
                    + "client process instead");
        }
        WireCodec codec = engine.codec();
        Counting counting = new Counting();
        Request copy = codec.decodeRequest(codec.encodeRequest(0, ref.id(), method, args, refs), counting);
        object.countCall();
        if (counting.decoded > 0) {
            object.markMayHoldRefs();
        }
        Host host = object.host();
        byte[] reply;
        try {
            if (host.concurrent()) {
                reply = codec.encodeResult(0, result(object, operation, host, copy), refs);
            } else {
                synchronized (host.monitor()) {
                    if (object.isDestroyed()) {
                        throw new IllegalStateException("The shared object " + object.id() + " no longer exists: it was destroyed");
                    }
                    reply = codec.encodeResult(0, result(object, operation, host, copy), refs);
                }
            }
        } catch (Throwable t) {
            throw sneakyThrow(t);
        } finally {
            if (object.mayHoldRefs()) {
                engine.registry().requestCollect();
            }
        }
        return codec.decodeResponse(reply, refs).value();
    }

    private @Nullable Object result(HostedObject object, Method operation, Host host, Request copy) throws Throwable {
        Object result = Invoker.invoke(operation, host.target(), copy, null);
        if (result != null && object.methods().hostsResult(operation)) {
            return new HostedRef(engine.hostResult(result, host, operation));
        }
        return result;
    }

    @Override
    public boolean canSend(@Nullable Object value) {
        return engine.codec().canEncode(value, refs);
    }

    @Override
    public String address() {
        return engine.address();
    }

    @Override
    public boolean comparesByIdentity() {
        return true;
    }

    @Override
    public SharedCondition condition(SharedLock lock) {
        HostedObject object = engine.registry().create("condition", null, new Object[] {lock});
        return (SharedCondition) Proxies.create(this, object.ref());
    }

    @Override
    public Class<?> userType(String typeId) {
        TypeRegistration registration = engine.userTypes().forTypeId(typeId);
        if (registration == null) {
            throw new IllegalArgumentException("No registered type has the id '" + typeId + "'");
        }
        return engine.userTypes().apiClass(registration);
    }

    /** Local proxies, counting how many were decoded (a call passing some may make its host hold references). */
    private final class Counting implements RefResolver {
        private int decoded;

        @Override
        public @Nullable SharedRef toRef(Object value) {
            return refs.toRef(value);
        }

        @Override
        public Object fromRef(SharedRef ref) {
            decoded++;
            return proxy(ref);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneakyThrow(Throwable t) throws T {
        throw (T) t;
    }
}
