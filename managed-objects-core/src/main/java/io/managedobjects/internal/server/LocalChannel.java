package io.managedobjects.internal.server;

import io.managedobjects.ManagerException;
import io.managedobjects.SharedCondition;
import io.managedobjects.SharedLock;
import io.managedobjects.SharedRef;
import io.managedobjects.UnreadableValueException;
import io.managedobjects.internal.TypeRegistration;
import io.managedobjects.internal.client.ProxyChannel;
import io.managedobjects.internal.client.Proxies;
import io.managedobjects.internal.codec.MalformedInputException;
import io.managedobjects.internal.codec.RefResolver;
import io.managedobjects.internal.codec.Request;
import io.managedobjects.internal.codec.WireCodec;
import java.lang.reflect.Method;
import org.jspecify.annotations.Nullable;

/**
 * The server's own proxies: where a reference decoded on the server must be of a shared type (a record's
 * {@code SharedMap} component, a field of a plain class) or is handed to a hosted user object (an
 * argument, or a result of a call that object makes), it becomes a proxy of the same class a client
 * gets, whose calls run on the hosted object directly. Arguments and results are still copied through
 * the codec, exactly as over the wire, so a hosted value never aliases a user object's state. Such proxies
 * compare as the object they stand for (a stored value's equality never changes), print as that object's
 * reference ({@code list(3)}: a stored value's text never locks another object), hold no session reference
 * (what keeps their object alive is the value that holds them, found by the collector), and cannot make
 * calls that wait ({@code lock}, {@code take}) or need a caller's session ({@code tryLock}): a hosted method
 * must not block its own object's callers on another object. A call made while a built-in type's operation
 * runs on this thread (a plain map compared with a proxy stored in a field typed {@code Map}) is refused,
 * so two objects can never wait for each other's monitor.
 */
final class LocalChannel implements ProxyChannel {

    private final ServerEngine engine;
    /** Hosted objects become references and references local proxies; nothing is counted for a session. */
    private final RefResolver refs = new RefResolver() {
        @Override
        public @Nullable SharedRef toRef(Object value) {
            HostedObject object = engine.registry().hostedObjectOf(value);
            return object == null ? engine.registry().referenceOfGone(value) : object.ref();
        }

        @Override
        public Object fromRef(SharedRef ref) {
            return proxy(ref);
        }
    };

    LocalChannel(ServerEngine engine) {
        this.engine = engine;
    }

    /** Set while a built-in type's operation runs on this thread: it must not call another object. */
    private static final ThreadLocal<boolean[]> IN_BUILT_IN_OPERATION = ThreadLocal.withInitial(() -> new boolean[1]);

    /**
     * Invokes an operation of a host: a built-in type's runs with calls through server-side proxies
     * refused (it allocates nothing per call).
     *
     * @param host the host
     * @param operation the operation
     * @param request the call
     * @param caller the caller, for operations taking a {@link Call} or an {@link ImmediateCall}
     * @return the operation's result
     * @throws Throwable what it threw
     */
    static @Nullable Object invoke(Host host, Method operation, Request request, @Nullable Call caller) throws Throwable {
        if (host instanceof UserHost) {
            return Invoker.invoke(operation, host.target(), request, caller);
        }
        boolean[] inBuiltIn = IN_BUILT_IN_OPERATION.get();
        if (inBuiltIn[0]) {
            return Invoker.invoke(operation, host.target(), request, caller);
        }
        inBuiltIn[0] = true;
        try {
            return Invoker.invoke(operation, host.target(), request, caller);
        } finally {
            inBuiltIn[0] = false;
        }
    }

    /**
     * Whether the arguments of a request go to user code, which gets proxies for references.
     *
     * @param target the object id, or empty for the server's own operations
     * @param method the operation
     * @return true for calls on hosted user objects and for instantiating them
     */
    boolean isMap(String target) {
        HostedObject object = engine.registry().find(target);
        return object != null && object.host() instanceof MapHost;
    }

    boolean isForUserCode(String target, String method) {
        if (target.isEmpty()) {
            return method.equals("createInstance");
        }
        HostedObject object = engine.registry().find(target);
        return object != null && object.host() instanceof UserHost;
    }

    /**
     * The plain reference of a reference read from the wire, for a value the server only stores.
     *
     * @param ref the reference
     * @return a reference to the hosted object
     * @throws IllegalStateException if the object is gone, or is not of the type the reference names
     */
    HostedRef hostedRef(SharedRef ref) {
        return new HostedRef(checked(ref));
    }

    private HostedObject checked(SharedRef ref) {
        HostedObject object = engine.registry().get(ref.id());
        if (!object.type().equals(ref.type())) {
            throw new IllegalStateException("Reference " + ref + " names a " + ref.type() + " but object " + ref.id() + " is a " + object.type());
        }
        return object;
    }

    /**
     * Fits a plain reference into a declared type: its proxy, when that is of the type.
     *
     * @param value a decoded value
     * @param declared the type a record component, field, parameter or array component declares
     * @return the proxy, or the value unchanged
     */
    Object fit(Object value, Class<?> declared) {
        if (value instanceof HostedRef ref && !declared.isInstance(value)) {
            Object proxy = Proxies.create(this, ref.object().ref());
            return declared.isInstance(proxy) ? proxy : value;
        }
        return value;
    }

    /**
     * The local proxy of a reference read from the wire.
     *
     * @param ref the reference
     * @return its proxy
     * @throws IllegalStateException if the object is gone, or is not of the type the reference names
     */
    Object proxy(SharedRef ref) {
        return Proxies.create(this, checked(ref).ref());
    }

    @Override
    public @Nullable Object call(SharedRef ref, String method, Wait wait, @Nullable Method userMethod, @Nullable Object[] args) {
        boolean inBuiltIn = IN_BUILT_IN_OPERATION.get()[0];
        if (inBuiltIn && (method.equals("text") || method.equals("toString()"))) {
            // a stored value's text shows a nested shared object as its reference, without locking it
            return ref.type() + "(" + ref.id() + ")";
        }
        HostedObject object = engine.registry().get(ref.id());
        if (inBuiltIn) {
            throw new IllegalStateException("The shared " + object.type() + " " + object.id() + " is stored inside a value "
                    + "that another shared object's operation is reading (a plain collection compared with one holding it?): "
                    + "it cannot be called from there; compare shared objects with shared objects");
        }
        Operation operation = object.methods().find(method);
        if (operation == null) {
            throw new ManagerException("The shared " + object.type() + " has no remote operation '" + method + "'");
        }
        if (wait == Wait.INTERRUPTIBLE || operation.takesCall() && !operation.immediate()) {
            throw new UnsupportedOperationException("'" + method + "' of a shared " + object.type() + " waits, or needs the "
                    + "caller's session (an owner), so it cannot be called from inside a hosted object's method: call it from a "
                    + "client process instead");
        }
        Host host = object.host();
        WireCodec codec = engine.codec();
        Counting counting = new Counting(host instanceof UserHost);
        Request copy;
        try {
            copy = codec.decodeRequest(codec.encodeRequest(0, ref.id(), method, args, refs), counting);
        } catch (MalformedInputException e) {
            throw new UnreadableValueException(e.getMessage());
        }
        object.countCall();
        if (counting.decoded > 0) {
            object.markMayHoldRefs();
        }
        Call caller = operation.takesCall() ? Call.local(method, host.monitor()) : null;
        byte[] reply;
        try {
            reply = object.underMonitor(() -> codec.encodeResult(0, result(object, operation, host, copy, caller), refs));
        } catch (Throwable t) {
            throw sneakyThrow(t);
        } finally {
            if (object.mayHoldRefs()) {
                engine.registry().requestCollect();
            }
        }
        try {
            return codec.decodeResponse(reply, refs).value();
        } catch (MalformedInputException e) {
            throw new UnreadableValueException(e.getMessage());
        }
    }

    private @Nullable Object result(HostedObject object, Operation operation, Host host, Request copy, @Nullable Call caller)
            throws Throwable {
        Object result = invoke(host, operation.method(), copy, caller);
        if (result != null && operation.hostsResult()) {
            return new HostedRef(engine.hostResult(result, object, operation.method()));
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
        HostedObject object = engine.registry().create("condition", null, new Object[] {lock}, engine);
        object.markMayHoldRefs();
        return (SharedCondition) Proxies.create(this, object.ref());
    }

    @Override
    public io.managedobjects.internal.codec.TypePolicy typePolicy() {
        return engine.codec().policy();
    }

    @Override
    public Class<?> userType(String typeId) {
        TypeRegistration registration = engine.userTypes().forTypeId(typeId);
        if (registration == null) {
            throw new IllegalArgumentException("No registered type has the id '" + typeId + "'");
        }
        return engine.userTypes().apiClass(registration);
    }

    /**
     * The arguments copied into the called object: plain references for a built-in type, proxies for
     * user code; counts how many were decoded (a call passing some may make its host hold references).
     */
    private final class Counting implements RefResolver {
        private final boolean forUserCode;
        private int decoded;

        Counting(boolean forUserCode) {
            this.forUserCode = forUserCode;
        }

        @Override
        public @Nullable SharedRef toRef(Object value) {
            return refs.toRef(value);
        }

        @Override
        public Object fromRef(SharedRef ref) {
            decoded++;
            return forUserCode ? proxy(ref) : hostedRef(ref);
        }

        @Override
        public Object fit(Object value, Class<?> declared) {
            return LocalChannel.this.fit(value, declared);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneakyThrow(Throwable t) throws T {
        throw (T) t;
    }
}
