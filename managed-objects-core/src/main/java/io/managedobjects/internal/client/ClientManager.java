package io.managedobjects.internal.client;

import io.managedobjects.CallEvent;
import io.managedobjects.CallObserver;
import io.managedobjects.ManagedProcess;
import io.managedobjects.Manager;
import io.managedobjects.ManagerConnectionException;
import io.managedobjects.ManagerException;
import io.managedobjects.ManagerInfo;
import io.managedobjects.Pipeline;
import io.managedobjects.ProcessTask;
import io.managedobjects.PoolOptions;
import io.managedobjects.SharedDoubleArray;
import io.managedobjects.SharedPool;
import io.managedobjects.SharedList;
import io.managedobjects.SharedLongArray;
import io.managedobjects.SharedMap;
import io.managedobjects.SharedObject;
import io.managedobjects.SharedAtomicLong;
import io.managedobjects.SharedBarrier;
import io.managedobjects.SharedCondition;
import io.managedobjects.SharedEvent;
import io.managedobjects.SharedLock;
import io.managedobjects.SharedQueue;
import io.managedobjects.SharedSemaphore;
import io.managedobjects.SharedNamespace;
import io.managedobjects.SharedRef;
import io.managedobjects.SharedSet;
import io.managedobjects.SharedValue;
import io.managedobjects.internal.Address;
import io.managedobjects.internal.BuiltInType;
import io.managedobjects.internal.ManagerSettings;
import io.managedobjects.internal.codec.RefResolver;
import io.managedobjects.internal.codec.Request;
import io.managedobjects.internal.codec.Response;
import io.managedobjects.internal.codec.TypePolicy;
import io.managedobjects.internal.codec.WireCodec;
import io.managedobjects.internal.process.ForkedServer;
import io.managedobjects.internal.process.ManagedProcessImpl;
import io.managedobjects.internal.process.SpareChild;
import io.managedobjects.internal.wire.Handshake;
import java.io.IOException;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The client side of a manager: a small, fixed set of multiplexed connections shared by every calling
 * thread (opened on first use, the first one at once: it keeps the session), proxies released to the
 * server when they are garbage collected, and, for the owner of a forked server, the server process itself.
 */
public final class ClientManager implements Manager, ProxyChannel, io.managedobjects.internal.process.ProcessParent,
        io.managedobjects.internal.process.InheritedManager {

    private static final Cleaner CLEANER = Cleaner.create();

    private final Address address;
    private final String addressText;
    private final byte[] authKey;
    /** The current session with the server and its connections; replaced when the session ends. */
    private volatile Link link;
    private final Object renewLock = new Object();
    /** What this manager holds of locks and semaphores, so that a hold lost with a session is never released. */
    private final Holds holds = new Holds();
    /** How this manager created its named objects, by type and name: a new server run gets them again the same way. */
    private final ConcurrentHashMap<String, Object[]> namedRecipes = new ConcurrentHashMap<>();
    private final ManagerSettings settings;
    private final WireCodec codec;
    private final ConcurrentHashMap<String, Class<?>> userTypes = new ConcurrentHashMap<>();
    /** The class loader of the thread that built the manager: user classes are loaded with it on every thread. */
    private final ClassLoader loader = classLoader();
    private final RefResolver responseRefs = new ResponseRefs();
    private final Releaser releaser;
    private final Heartbeats heartbeats;
    /** Connections of pipelines: dropped with the others when the server is found gone, or the manager closes. */
    private final java.util.Set<ClientConnection> extraConnections = ConcurrentHashMap.newKeySet();
    private final @Nullable ForkedServer server;
    private final boolean child;
    private final @Nullable CallObserver observer;
    private final io.managedobjects.@Nullable ProcessOutput processOutput;
    /** The child JVM kept ready for the next {@code process(...)}, once one was started. */
    private final SpareChild spareChild = new SpareChild(this);
    private volatile boolean closed;

    ClientManager(ManagerSettings settings, String address, @Nullable ForkedServer server, boolean child,
            @Nullable CallObserver observer, io.managedobjects.@Nullable ProcessOutput processOutput) {
        this.observer = observer;
        this.processOutput = processOutput;
        this.settings = settings;
        this.addressText = address;
        this.address = Address.parse(address);
        this.authKey = Objects.requireNonNull(settings.authKey()).clone();
        this.codec = new WireCodec(new TypePolicy(settings.effectiveTrustedPackages(), classLoader()));
        this.server = server;
        this.child = child;
        this.link = openLink(1);
        this.releaser = new Releaser(new Releaser.Target() {
            @Override
            public boolean isClosed() {
                return ClientManager.this.isClosed();
            }

            @Override
            public int linkNumber() {
                return ClientManager.this.linkNumber();
            }

            @Override
            public void releaseNow(List<String> ids, int link) {
                ClientManager.this.releaseNow(ids, link);
            }
        });
        this.heartbeats = new Heartbeats(this);
    }

    private static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : ClientManager.class.getClassLoader();
    }

    /**
     * Opens a new session: its first connection, then tells the server what this side can receive.
     *
     * @param number the session's number in this manager's life
     * @return the link
     */
    private Link openLink(int number) {
        ClientConnection primary = ClientConnection.open(address, authKey, Handshake.NEW_SESSION, settings.maxFrameBytes(), codec, settings.tls());
        List<?> announced = announce(primary);
        Duration timeout = Duration.ofMillis(((Number) announced.get(0)).longValue());
        int serverLimit = ((Number) announced.get(2)).intValue();
        primary.limitRequests(serverLimit);
        sessionTimeout = timeout;
        return new Link(number, primary, (String) announced.get(1), timeout, settings.connections(), session -> {
            ClientConnection joined = ClientConnection.open(address, authKey, session, settings.maxFrameBytes(), codec, settings.tls());
            joined.limitRequests(serverLimit);
            return joined;
        });
    }

    /**
     * Goes on with a new session once the server said the current one has ended (it was restarted, or
     * the session expired while the network was cut): everything the ended session held was released.
     *
     * @param ended the link whose session ended
     * @return the current link
     */
    private Link renew(Link ended) {
        synchronized (renewLock) {
            ended.end();
            if (link != ended) {
                return link;
            }
            if (closed) {
                throw new ManagerConnectionException("The manager is closed (" + addressText + ")");
            }
            Link fresh = openLink(ended.number() + 1);
            link = fresh;
            if (closed) {
                fresh.close();
            }
            return fresh;
        }
    }

    /**
     * Tells the server, once for this session, what this side can receive (its allow-list and frame
     * limit), so that a reply it could not read fails on the server, before a queue hands out the item.
     *
     * @return the server's session timeout in milliseconds, and its run's tag
     */
    private List<?> announce(ClientConnection primary) {
        Object[] args = {settings.effectiveTrustedPackages(), settings.maxFrameBytes()};
        Response response;
        try {
            response = primary.call(Request.SERVER, "announce", args, responseRefs, Wait.PLAIN).response();
        } catch (IOException | InterruptedException e) {
            primary.close();
            throw lost(e instanceof IOException io ? io : new IOException(e));
        }
        if (response.error() != null) {
            primary.close();
            throw RemoteErrors.sneakyThrow(RemoteErrors.rebuild(response.error(), codec.policy()));
        }
        return (List<?>) Objects.requireNonNull(response.value());
    }

    /** The server's session timeout, learnt when this manager announced itself. */
    private volatile java.time.Duration sessionTimeout = ManagerSettings.DEFAULT_SESSION_TIMEOUT;
    /** Why the connections were dropped, when a heartbeat found the server gone. */
    private volatile @Nullable String lostReason;

    /**
     * Sends one heartbeat on the connection that keeps the session, and waits for its answer for at
     * most the session timeout. A server that does not answer in time is gone (its host crashed, the
     * network is cut, it is frozen): every connection is then closed, so that calls waiting on them fail
     * at once with {@link ManagerConnectionException} instead of waiting forever.
     *
     * @return false once the manager is closed or the server was found gone
     */
    boolean heartbeat() {
        if (closed) {
            return false;
        }
        java.time.Duration timeout = sessionTimeout;
        ClientConnection connection;
        try {
            connection = openPrimary();
        } catch (ManagerException e) {
            if (closed) {
                return false;
            }
            // the server may only be busy or full: it is lost only once it has not answered for the timeout
            if (System.nanoTime() - lastHeartbeat > timeout.toNanos()) {
                dropConnections("no answer to a heartbeat within " + timeout + " (" + e.getMessage() + ")");
            }
            return true;
        }
        java.util.concurrent.ScheduledFuture<?> watchdog = Heartbeats.TIMER.schedule(
                () -> connection.close("no answer to a heartbeat within " + timeout), timeout.toMillis(),
                java.util.concurrent.TimeUnit.MILLISECONDS);
        try {
            connection.call(Request.SERVER, "ping", new Object[0], responseRefs, Wait.PLAIN);
            lastHeartbeat = System.nanoTime();
            lostReason = null;
            return true;
        } catch (InterruptedException e) {
            // only the manager's close interrupts the heartbeat thread
            Thread.currentThread().interrupt();
            return false;
        } catch (IOException | ManagerException e) {
            if (closed) {
                return false;
            }
            String reason = watchdog.isDone() ? "no answer to a heartbeat within " + timeout : String.valueOf(e.getMessage());
            synchronized (renewLock) {
                if (link.holds(connection)) {
                    dropConnections(reason);
                } else {
                    // the heartbeat went out on a session that has been renewed since (this process was paused
                    // longer than the timeout): the new session's connections are not the ones that failed
                    connection.close();
                }
            }
            return true;
        } finally {
            watchdog.cancel(false);
        }
    }

    /** When a heartbeat was last answered, in {@link System#nanoTime()}. */
    private volatile long lastHeartbeat = System.nanoTime();

    /**
     * Closes every connection of this manager (so calls waiting on them fail at once), saying why.
     *
     * @param reason what the failures will say
     */
    private void dropConnections(@Nullable String reason) {
        lostReason = reason;
        closeConnections();
    }

    private void closeConnections() {
        link.close();
        extraConnections.forEach(ClientConnection::close);
    }

    /**
     * The connection that keeps the session, joined again if it dropped while the session lives on
     * (the releaser and the heartbeats share it).
     *
     * @return an open connection
     * @throws ManagerConnectionException if it cannot be reopened, or the manager is closed
     */
    private ClientConnection openPrimary() {
        return connection(0);
    }

    /**
     * The connection of a slot of the current session, opened if it is not open; a new session if the
     * server no longer knows the current one.
     *
     * @param slot the slot
     * @return an open connection
     * @throws ManagerConnectionException if it cannot be opened, or the manager is closed
     */
    private ClientConnection connection(int slot) {
        return onCurrentSession(current -> current.connection(slot, this::isClosed));
    }

    /** How often a manager opens a new session in a row, for one call, before it gives up. */
    private static final int RENEWALS_PER_CALL = 3;

    /**
     * Opens a connection of the current session, going on with a new session if the server says the
     * current one has ended (also when a new one ended again before it could be used: its only
     * connection was lost meanwhile), a few times at most.
     *
     * @param opener opens the connection on a link
     * @return the connection
     * @throws ManagerConnectionException if the manager is closed, or no session lasted long enough to use
     */
    private ClientConnection onCurrentSession(Function<Link, ClientConnection> opener) {
        Link current = link;
        for (int renewals = 0; ; renewals++) {
            if (closed) {
                throw new ManagerConnectionException("The manager is closed (" + addressText + ")");
            }
            try {
                return opener.apply(current);
            } catch (Handshake.SessionEndedException e) {
                if (renewals == RENEWALS_PER_CALL) {
                    throw new ManagerConnectionException("The manager server at " + addressText + " ended this process's session "
                            + (RENEWALS_PER_CALL + 1) + " times in a row before it could be used (is the network to it dropping "
                            + "connections?): nothing was sent", e);
                }
                current = renew(current);
            }
        }
    }

    /** @return the interval between heartbeats: a third of the server's session timeout */
    java.time.Duration heartbeatInterval() {
        return sessionTimeout.dividedBy(3);
    }

    @Override
    public io.managedobjects.@Nullable ProcessOutput processOutput() {
        return processOutput;
    }

    @Override
    public SpareChild spareChild() {
        return spareChild;
    }

    /** @return the settings this manager was built with (the key included: never log them) */
    public ManagerSettings settings() {
        return settings;
    }

    /** @return the auth key, for handing to child processes through their stdin */
    public byte[] authKey() {
        return authKey.clone();
    }

    @Override
    public ManagerSettings childSettings() {
        return settings.with(addressText, authKey.clone());
    }

    @Override
    public void warmUp() {
        stats();
    }

    @Override
    public Object[] decodeArgs(byte[] encoded) {
        List<?> decoded = (List<?>) codec.decodeResponse(encoded, attachingRefs()).value();
        return Objects.requireNonNull(decoded).toArray();
    }

    /** @return the codec of this side */
    public WireCodec codec() {
        return codec;
    }


    @Override
    public String address() {
        return addressText;
    }

    // ---- calls ----

    /** One exchange with the server on a given connection. */
    @FunctionalInterface
    private interface Exchange {
        ClientConnection.Reply run(ClientConnection connection) throws IOException, InterruptedException;
    }

    /**
     * Calls a server operation from the current thread.
     *
     * @param method the operation
     * @param args the arguments
     * @return the result
     */
    public @Nullable Object call(String method, @Nullable Object... args) {
        return call(connection(), Request.SERVER, method, args);
    }

    /** Calls a server operation on a given connection (the releaser uses the primary one). */
    private @Nullable Object call(ClientConnection connection, String target, String method, @Nullable Object[] args) {
        try {
            return uninterrupted(() -> invoke(connection, "server", null, method, null, c -> c.call(target, method, args, responseRefs, Wait.PLAIN)));
        } finally {
            // a proxy among the arguments keeps its object until the server has stored or dropped the reference
            Reference.reachabilityFence(args);
        }
    }

    /**
     * Calls an operation of a hosted object.
     *
     * @param ref the object
     * @param method the operation (a signature for user types)
     * @param wait how the reply is awaited
     * @param userMethod the proxied method of a user type (its declared exceptions are rebuilt), else null
     * @param args the arguments
     * @return the result
     * @throws InterruptedException only for {@link Wait#INTERRUPTIBLE} calls
     */
    @Override
    public @Nullable Object call(SharedRef ref, String method, Wait wait, java.lang.reflect.@Nullable Method userMethod,
            @Nullable Object[] args) throws InterruptedException {
        PipelineImpl.Recorder recorder = PipelineImpl.recording();
        if (recorder != null) {
            if (wait != Wait.PLAIN) {
                throw new IllegalArgumentException("'" + method + "' may block, or takes something, so it cannot be pipelined: call it directly");
            }
            recorder.calls.add(new PipelineImpl.Recorded(ref, method, userMethod, args.clone()));
            return null;
        }
        try {
            ClientConnection connection = connection();
            Link current = link;
            String target = target(ref, current);
            boolean counted = Holds.tracks(ref.type());
            if (counted) {
                holds.beforeCall(ref, method, args, current.number());
            }
            Object result = invoke(connection, ref.type(), ref.name() != null ? ref.name() : ref.id(), method, userMethod, c -> c.call(target, method, args, responseRefs, wait));
            if (counted) {
                holds.afterCall(ref, method, args, result, current.number());
            }
            return result;
        } finally {
            // a proxy among the arguments keeps its object until the server has stored or dropped the reference
            Reference.reachabilityFence(args);
        }
    }

    private @Nullable Object invoke(ClientConnection connection, String type, @Nullable String objectName, String method,
            java.lang.reflect.@Nullable Method userMethod, Exchange exchange) throws InterruptedException {
        String operation = observer == null ? method : operation(method);
        CallObserver.Completion completion = observer == null ? null : started(observer, type, operation, objectName);
        long start = completion == null ? 0 : System.nanoTime();
        CallEvent.Outcome outcome = CallEvent.Outcome.DISCONNECTED;
        ClientConnection.Reply reply = null;
        try {
            try {
                reply = exchange.run(connection);
            } catch (IOException e) {
                throw lost(e);
            }
            Response response = reply.response();
            if (response.error() != null) {
                outcome = CallEvent.Outcome.ERROR;
                throw RemoteErrors.sneakyThrow(RemoteErrors.rebuild(response.error(), codec.policy(), userMethod));
            }
            outcome = CallEvent.Outcome.SUCCESS;
            return response.value();
        } finally {
            if (completion != null) {
                completed(completion, type, operation, start, outcome, reply);
            }
        }
    }

    private static String operation(String method) {
        return method.indexOf('(') > 0 ? method.substring(0, method.indexOf('(')) : method;
    }

    private static CallObserver.@Nullable Completion started(CallObserver observer, String type, String operation,
            @Nullable String objectName) {
        try {
            return observer.callStarted(type, operation, objectName);
        } catch (RuntimeException e) {
            // an observer must never break a call
            return null;
        }
    }

    private static void completed(CallObserver.Completion completion, String type, String operation, long start,
            CallEvent.Outcome outcome, ClientConnection.@Nullable Reply reply) {
        try {
            completion.completed(new CallEvent(type, operation, Duration.ofNanos(System.nanoTime() - start), outcome,
                    reply == null ? 0 : reply.bytesSent(), reply == null ? 0 : reply.bytesReceived()));
        } catch (RuntimeException e) {
            // an observer must never break a call
        }
    }

    /** Runs a call that cannot be interrupted (plain calls throw no InterruptedException). */
    private static @Nullable Object uninterrupted(InterruptibleCall call) {
        try {
            return call.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ManagerConnectionException("Interrupted", e);
        }
    }

    @FunctionalInterface
    private interface InterruptibleCall {
        @Nullable Object run() throws InterruptedException;
    }

    private ManagerConnectionException lost(IOException e) {
        if (closed) {
            return new ManagerConnectionException("The manager is closed", e);
        }
        String reason = lostReason;
        return new ManagerConnectionException("Lost the connection to the manager server at " + addressText
                + " (" + (reason != null ? reason : e.getMessage()) + "): the server has stopped, died or cannot be reached", e);
    }

    /**
     * The connection the calling thread uses: the slot its id falls on, unless a call is in flight there and
     * another slot is idle (so threads calling at once each read their own replies where they can).
     */
    private ClientConnection connection() {
        int slots = settings.connections();
        int preferred = (int) Math.floorMod(Thread.currentThread().getId(), (long) slots);
        Link current = link;
        if (slots > 1 && current.isBusy(preferred)) {
            for (int i = 1; i < slots; i++) {
                int slot = (preferred + i) % slots;
                if (!current.isBusy(slot)) {
                    try {
                        return connection(slot);
                    } catch (ManagerConnectionException e) {
                        // that slot cannot be opened now (the server is at its limit?): the thread's own slot will do
                        break;
                    }
                }
            }
        }
        return connection(preferred);
    }

    /** Opens another connection of this manager's session (a pipeline's). */
    private ClientConnection join() {
        return onCurrentSession(Link::join);
    }

    /**
     * The id a call on a proxy goes to: the proxy's own, unless its object belongs to an earlier run of
     * the server. A named object then is the object of the same name on the server now (created again the
     * way this manager created it, if it is not there); an anonymous one was lost with the earlier run.
     *
     * @param ref the proxy's reference
     * @param current the current session
     * @return the object id on the current server
     * @throws ManagerException if the object was anonymous and the server was restarted since
     */
    private String target(SharedRef ref, Link current) {
        return current.isOfThisRun(ref.id()) ? ref.id() : rebound(ref, current).id();
    }

    private SharedRef rebound(SharedRef ref, Link current) {
        if (ref.name() == null) {
            throw new ManagerException("The manager server at " + addressText + " was restarted: this proxy's " + ref.type()
                    + " (" + ref.id() + ") was an anonymous object of the earlier run, and was lost with it. Create a new one "
                    + "(proxies of named objects reach the object of their name on the new server)");
        }
        return current.rebind(ref, old -> {
            Object[] recipe = namedRecipes.get(old.type() + "/" + old.name());
            Object found = recipe != null ? call((String) recipe[0], (Object[]) recipe[1]) : call("attach", old.toString());
            return ((SharedObject) Objects.requireNonNull(found)).sharedRef();
        });
    }

    // ---- proxies ----

    private <T> T create(BuiltInType type, @Nullable String name, @Nullable Object... args) {
        return createNamed("create", type.id(), name, Arrays.asList(args));
    }

    /** Creates an object; a named one's recipe is kept, so that a new run of the server gets it again the same way. */
    private <T> T createNamed(String operation, String type, @Nullable String name, List<@Nullable Object> args) {
        Object[] callArgs = {type, name, args};
        T created = cast(call(operation, callArgs));
        if (name != null) {
            namedRecipes.putIfAbsent(((SharedObject) created).sharedType() + "/" + name, new Object[] {operation, callArgs});
        }
        return created;
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(@Nullable Object value) {
        return (T) Objects.requireNonNull(value);
    }

    Object proxyFor(SharedRef ref) {
        Object proxy = Proxies.create(this, ref);
        CLEANER.register(proxy, new Release(releaser, link.number(), ref.id()));
        return proxy;
    }

    @Override
    public boolean canSend(@Nullable Object value) {
        return codec.canEncode(value, responseRefs);
    }

    @Override
    public io.managedobjects.internal.codec.TypePolicy typePolicy() {
        return codec.policy();
    }

    /** The api class of a registered type id, asked of the server once per type id. */
    @Override
    public Class<?> userType(String typeId) {
        Class<?> known = userTypes.get(typeId);
        if (known != null) {
            return known;
        }
        String className = (String) Objects.requireNonNull(call("typeOf", typeId));
        try {
            Class<?> type = Class.forName(className, false, loader);
            userTypes.put(typeId, type);
            return type;
        } catch (ClassNotFoundException e) {
            throw new ManagerException("The server hosts objects of " + className + " (type id '" + typeId
                    + "'), which is not on this process's classpath: add it to use them here", e);
        }
    }

    /** Released when a proxy becomes unreachable; must not reference the proxy. */
    private record Release(Releaser releaser, int link, String id) implements Runnable {
        @Override
        public void run() {
            releaser.release(link, id);
        }
    }

    /** References in responses were counted for this session by the server. */
    private final class ResponseRefs implements RefResolver {
        @Override
        public @Nullable SharedRef toRef(Object value) {
            return refOf(value);
        }

        @Override
        public Object fromRef(SharedRef ref) {
            return proxyFor(ref);
        }
    }

    @Nullable SharedRef refOf(Object value) {
        if (value instanceof RemoteObject remote) {
            if (remote.channel() != this && !remote.channel().address().equals(addressText)) {
                throw new ManagerException("A proxy of the manager at " + io.managedobjects.internal.backend.Backends.redacted(remote.channel().address())
                        + " cannot be stored in an object of the manager at " + addressText);
            }
            return current(remote.sharedRef());
        }
        if (value instanceof SharedObject shared) {
            return current(shared.sharedRef());
        }
        return null;
    }

    /** A reference as the server now knows it: a named object of an earlier run becomes the object of its name now. */
    private SharedRef current(SharedRef ref) {
        Link current = link;
        return ref.name() == null || current.isOfThisRun(ref.id()) ? ref : rebound(ref, current);
    }

    /** Resolves references that did not come from this session's responses: each one attaches (one call). */
    public RefResolver attachingRefs() {
        return new RefResolver() {
            @Override
            public @Nullable SharedRef toRef(Object value) {
                return refOf(value);
            }

            @Override
            public Object fromRef(SharedRef ref) {
                return Objects.requireNonNull(call("attach", ref.toString()));
            }
        };
    }

    /** @return the resolver for values this side encodes */
    public RefResolver encodingRefs() {
        return responseRefs;
    }

    @Override
    public <E> SharedList<E> list() {
        return create(BuiltInType.LIST, null);
    }

    @Override
    public <E> SharedList<E> list(Collection<? extends E> initial) {
        return create(BuiltInType.LIST, null, new ArrayList<>(initial));
    }

    @Override
    public <E> SharedList<E> list(String name) {
        return create(BuiltInType.LIST, ManagerSettings.validateName(name));
    }

    @Override
    public <K, V> SharedMap<K, V> map() {
        return create(BuiltInType.MAP, null);
    }

    @Override
    public <K, V> SharedMap<K, V> map(Map<? extends K, ? extends V> initial) {
        return create(BuiltInType.MAP, null, new java.util.LinkedHashMap<>(initial));
    }

    @Override
    public <K, V> SharedMap<K, V> map(String name) {
        return create(BuiltInType.MAP, ManagerSettings.validateName(name));
    }

    @Override
    public <E> SharedSet<E> set() {
        return create(BuiltInType.SET, null);
    }

    @Override
    public <E> SharedSet<E> set(Collection<? extends E> initial) {
        return create(BuiltInType.SET, null, new ArrayList<>(initial));
    }

    @Override
    public <E> SharedSet<E> set(String name) {
        return create(BuiltInType.SET, ManagerSettings.validateName(name));
    }

    @Override
    public <T> SharedValue<T> value(T initial) {
        return create(BuiltInType.VALUE, null, new Object[] {initial});
    }

    @Override
    public <T> SharedValue<T> value(String name, T initial) {
        return create(BuiltInType.VALUE, ManagerSettings.validateName(name), new Object[] {initial});
    }

    @Override
    public SharedAtomicLong atomicLong(long initial) {
        return create(BuiltInType.ATOMIC_LONG, null, initial);
    }

    @Override
    public SharedAtomicLong atomicLong(String name) {
        return create(BuiltInType.ATOMIC_LONG, ManagerSettings.validateName(name), 0L);
    }

    @Override
    public SharedNamespace namespace() {
        return create(BuiltInType.NAMESPACE, null);
    }

    @Override
    public SharedNamespace namespace(String name) {
        return create(BuiltInType.NAMESPACE, ManagerSettings.validateName(name));
    }

    @Override
    public <E> SharedQueue<E> queue() {
        return create(BuiltInType.QUEUE, null, 0);
    }

    @Override
    public <E> SharedQueue<E> queue(int capacity) {
        return create(BuiltInType.QUEUE, null, requirePositive(capacity, "capacity"));
    }

    @Override
    public <E> SharedQueue<E> queue(String name) {
        return create(BuiltInType.QUEUE, ManagerSettings.validateName(name), 0);
    }

    @Override
    public <E> SharedQueue<E> queue(String name, int capacity) {
        return create(BuiltInType.QUEUE, ManagerSettings.validateName(name), ManagerSettings.validateCapacity(capacity));
    }

    @Override
    public SharedLock lock() {
        return create(BuiltInType.LOCK, null);
    }

    @Override
    public SharedLock lock(String name) {
        return create(BuiltInType.LOCK, ManagerSettings.validateName(name));
    }

    @Override
    public SharedLock reentrantLock() {
        return create(BuiltInType.REENTRANT_LOCK, null);
    }

    @Override
    public SharedLock reentrantLock(String name) {
        return create(BuiltInType.REENTRANT_LOCK, ManagerSettings.validateName(name));
    }

    @Override
    public SharedSemaphore semaphore(int permits) {
        return create(BuiltInType.SEMAPHORE, null, requireNotNegative(permits));
    }

    @Override
    public SharedSemaphore semaphore(String name, int permits) {
        return create(BuiltInType.SEMAPHORE, ManagerSettings.validateName(name), requireNotNegative(permits));
    }

    @Override
    public SharedSemaphore boundedSemaphore(int permits) {
        return create(BuiltInType.BOUNDED_SEMAPHORE, null, requireNotNegative(permits));
    }

    @Override
    public SharedSemaphore boundedSemaphore(String name, int permits) {
        return create(BuiltInType.BOUNDED_SEMAPHORE, ManagerSettings.validateName(name), requireNotNegative(permits));
    }

    @Override
    public SharedEvent event() {
        return create(BuiltInType.EVENT, null);
    }

    @Override
    public SharedEvent event(String name) {
        return create(BuiltInType.EVENT, ManagerSettings.validateName(name));
    }

    @Override
    public SharedCondition condition() {
        return condition(reentrantLock());
    }

    @Override
    public SharedCondition condition(String name) {
        return create(BuiltInType.CONDITION, ManagerSettings.validateName(name), reentrantLock(name + ".lock"));
    }

    @Override
    public SharedCondition condition(SharedLock lock) {
        return create(BuiltInType.CONDITION, null, lock);
    }

    @Override
    public SharedBarrier barrier(int parties) {
        return create(BuiltInType.BARRIER, null, requirePositive(parties, "parties"));
    }

    @Override
    public SharedBarrier barrier(int parties, Runnable action) {
        RemoteBarrier barrier = create(BuiltInType.BARRIER, null, requirePositive(parties, "parties"));
        return barrier.withAction(Objects.requireNonNull(action));
    }

    @Override
    public SharedBarrier barrier(String name, int parties) {
        return create(BuiltInType.BARRIER, ManagerSettings.validateName(name), requirePositive(parties, "parties"));
    }

    @Override
    public SharedBarrier barrier(String name, int parties, Runnable action) {
        RemoteBarrier barrier = create(BuiltInType.BARRIER, ManagerSettings.validateName(name), requirePositive(parties, "parties"));
        return barrier.withAction(Objects.requireNonNull(action));
    }

    @Override
    public SharedLongArray array(int length) {
        return create(BuiltInType.LONG_ARRAY, null, requireLength(length));
    }

    @Override
    public SharedLongArray array(long... values) {
        return create(BuiltInType.LONG_ARRAY, null, (Object) values.clone());
    }

    @Override
    public SharedLongArray array(String name, int length) {
        return create(BuiltInType.LONG_ARRAY, ManagerSettings.validateName(name), requireLength(length));
    }

    @Override
    public SharedDoubleArray doubleArray(int length) {
        return create(BuiltInType.DOUBLE_ARRAY, null, requireLength(length));
    }

    @Override
    public SharedDoubleArray doubleArray(double... values) {
        return create(BuiltInType.DOUBLE_ARRAY, null, (Object) values.clone());
    }

    @Override
    public SharedDoubleArray doubleArray(String name, int length) {
        return create(BuiltInType.DOUBLE_ARRAY, ManagerSettings.validateName(name), requireLength(length));
    }

    @Override
    public SharedPool pool(int processes) {
        return pool(PoolOptions.processes(processes));
    }

    @Override
    public SharedPool pool(String name, int processes) {
        return pool(name, PoolOptions.processes(processes));
    }

    @Override
    public SharedPool pool(PoolOptions options) {
        return create(BuiltInType.POOL, null, poolArgs(options));
    }

    @Override
    public SharedPool pool(String name, PoolOptions options) {
        return create(BuiltInType.POOL, ManagerSettings.validateName(name), poolArgs(options));
    }

    private static Object[] poolArgs(PoolOptions options) {
        return new Object[] {options.processes(), options.maxTasksPerWorker(), options.workerStartTimeout().toMillis()};
    }

    private static int requireLength(int length) {
        return ManagerSettings.validateLength(length);
    }

    private static int requirePositive(int count, String what) {
        return ManagerSettings.validatePositive(count, what);
    }

    private static int requireNotNegative(int permits) {
        if (permits < 0) {
            throw new IllegalArgumentException("permits must not be negative, was " + permits);
        }
        return permits;
    }

    @Override
    public <T> T create(Class<T> type, Object... constructorArgs) {
        return type.cast(createNamed("createInstance", type.getName(), null, Arrays.asList(constructorArgs)));
    }

    @Override
    public <T> T named(String name, Class<T> type, Object... constructorArgs) {
        return type.cast(createNamed("createInstance", type.getName(), ManagerSettings.validateName(name), Arrays.asList(constructorArgs)));
    }

    @Override
    public Pipeline pipeline() {
        if (closed) {
            throw new ManagerConnectionException("The manager is closed (" + addressText + ")");
        }
        ClientConnection connection = join();
        extraConnections.removeIf(c -> !c.isOpen());
        extraConnections.add(connection);
        return new PipelineImpl(this, connection);
    }

    @Override
    public <T> T proxy(SharedRef ref) {
        return cast(call("attach", ref.toString()));
    }

    @Override
    public void destroy(SharedObject object) {
        call("destroy", object.sharedId());
    }

    @Override
    public ManagerInfo info() {
        return cast(call("info"));
    }

    @Override
    public io.managedobjects.ManagerStats stats() {
        return cast(call("stats"));
    }

    @Override
    public ManagedProcess process(Class<? extends ProcessTask> task, Object... args) {
        if (settings.tls() != null) {
            throw new UnsupportedOperationException("process(...) is not available on a manager connected with TLS: the child "
                    + "process cannot be handed the SSL context. Start children from a manager on the server's host over a Unix "
                    + "socket or plain loopback address, or start the child yourself and connect it with sslContext(...)");
        }
        try {
            task.getConstructor();
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("Task " + task.getName() + " needs a public no-argument constructor: it is instantiated in the child process");
        }
        byte[] encodedArgs = codec.encodeResult(0, new ArrayList<>(Arrays.asList(args)), responseRefs);
        return new ManagedProcessImpl(this, task, args, encodedArgs);
    }

    /**
     * Sends releases on the primary connection of the session they were counted for (only the releaser
     * thread uses it); nothing if that session has ended (the server released everything it held).
     *
     * @param ids the object ids
     * @param number the session's number
     * @throws ManagerException if they cannot be sent now
     */
    void releaseNow(List<String> ids, int number) {
        Link current = link;
        if (!closed && current.number() == number) {
            call(current.connection(0, this::isClosed), Request.SERVER, "release", new Object[] {ids});
        }
    }

    boolean isClosed() {
        return closed;
    }

    /** @return the number of the current session in this manager's life */
    int linkNumber() {
        return link.number();
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        spareChild.close();
        releaser.stop();
        heartbeats.stop();
        closeConnections();
        if (server != null) {
            server.stop();
        }
        if (child) {
            ChildContext.clear(this);
        }
    }

    @Override
    public String toString() {
        return "Manager[" + addressText + (server != null ? ", forked server pid " + server.pid() : "") + (closed ? ", closed" : "") + "]";
    }
}
