package io.managedobjects.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.managedobjects.CallEvent;
import io.managedobjects.CallObserver;
import io.managedobjects.ConnectionInfo;
import io.managedobjects.ManagedProcess;
import io.managedobjects.Manager;
import io.managedobjects.ManagerConnectionException;
import io.managedobjects.ManagerException;
import io.managedobjects.ManagerInfo;
import io.managedobjects.ManagerStats;
import io.managedobjects.ObjectInfo;
import io.managedobjects.Pipeline;
import io.managedobjects.PoolOptions;
import io.managedobjects.ProcessTask;
import io.managedobjects.ServerInfo;
import io.managedobjects.SharedAtomicLong;
import io.managedobjects.SharedBarrier;
import io.managedobjects.SharedCondition;
import io.managedobjects.SharedDoubleArray;
import io.managedobjects.SharedEvent;
import io.managedobjects.SharedList;
import io.managedobjects.SharedLock;
import io.managedobjects.SharedLongArray;
import io.managedobjects.SharedMap;
import io.managedobjects.SharedNamespace;
import io.managedobjects.SharedObject;
import io.managedobjects.SharedPool;
import io.managedobjects.SharedQueue;
import io.managedobjects.SharedRef;
import io.managedobjects.SharedSemaphore;
import io.managedobjects.SharedSet;
import io.managedobjects.SharedValue;
import io.managedobjects.internal.BuiltInType;
import io.managedobjects.internal.ManagerSettings;
import io.managedobjects.internal.backend.Backends;
import io.managedobjects.internal.client.Proxies;
import io.managedobjects.internal.client.ProxyChannel;
import io.managedobjects.internal.client.Releaser;
import io.managedobjects.internal.codec.RefResolver;
import io.managedobjects.internal.codec.TypePolicy;
import io.managedobjects.internal.codec.WireCodec;
import io.managedobjects.internal.process.InheritedManager;
import io.managedobjects.internal.process.ManagedProcessImpl;
import io.managedobjects.internal.process.ProcessParent;
import io.managedobjects.internal.process.SpareChild;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A manager whose objects live in Redis. Each proxy call is one Redis function call ({@link RedisFunctions}); the
 * proxies are core's own classes, reaching Redis through this {@link ProxyChannel}. The manager keeps a session in
 * Redis, a lease renewed every third of the session timeout: the anonymous objects its proxies hold count it, and
 * when it ends (the manager closes, or its process dies and the lease runs out) what it held is released. Every
 * manager also ends the sessions whose lease ran out, so no process is special.
 */
final class RedisManager implements Manager, ProxyChannel, ProcessParent, InheritedManager {

    private static final Cleaner CLEANER = Cleaner.create();

    private final String address;
    private final String prefix;
    private final RedisClient client;
    private final StatefulRedisConnection<byte[], byte[]> connection;
    private final RedisFunctions functions;
    private final WireCodec codec;
    private final Duration sessionTimeout;
    private final @Nullable CallObserver observer;
    private final Releaser releaser;
    private final ScheduledExecutorService heartbeats;
    private final Map<BuiltInType, Operations> operations;
    private final Notifications notifications;
    private final ManagerSettings settings;
    private final io.managedobjects.@Nullable ProcessOutput processOutput;
    /** The child JVM kept ready for the next {@code process(...)}, once one was started. */
    private final SpareChild spareChild = new SpareChild(this);
    /** The instances of registered classes this process hosts, and calls to any process's. */
    private final HostedObjects hosted;
    /** The current session, and its number in this manager's life (releases of an ended one are dropped). */
    private volatile Session session;
    private volatile boolean closed;

    /** A session in Redis. */
    record Session(String id, int number) {
    }

    private RedisManager(String address, String prefix, RedisClient client, io.lettuce.core.RedisURI uri,
            StatefulRedisConnection<byte[], byte[]> connection, ManagerSettings settings, @Nullable CallObserver observer,
            io.managedobjects.@Nullable ProcessOutput processOutput) {
        this.settings = settings;
        this.processOutput = processOutput;
        this.address = address;
        this.prefix = prefix;
        this.client = client;
        this.connection = connection;
        this.functions = new RedisFunctions(connection, prefix, address);
        this.codec = new WireCodec(new TypePolicy(settings.effectiveTrustedPackages(), classLoader()));
        this.sessionTimeout = settings.sessionTimeout();
        this.observer = observer;
        this.notifications = new Notifications(client, uri, functions);
        MapOperations maps = new MapOperations(this);
        ListOperations lists = new ListOperations(this);
        LockOperations locks = new LockOperations(this, notifications);
        SemaphoreOperations semaphores = new SemaphoreOperations(this, notifications);
        this.operations = Map.ofEntries(Map.entry(BuiltInType.MAP, maps),
                Map.entry(BuiltInType.NAMESPACE, new NamespaceOperations(this, maps)),
                Map.entry(BuiltInType.SET, new SetOperations(this, maps)), Map.entry(BuiltInType.LIST, lists),
                Map.entry(BuiltInType.QUEUE, new QueueOperations(this, lists, notifications)),
                Map.entry(BuiltInType.LONG_ARRAY, new ArrayOperations(this, false)),
                Map.entry(BuiltInType.DOUBLE_ARRAY, new ArrayOperations(this, true)),
                Map.entry(BuiltInType.VALUE, new ValueOperations(this)), Map.entry(BuiltInType.ATOMIC_LONG, new AtomicLongOperations(this)),
                Map.entry(BuiltInType.LOCK, locks), Map.entry(BuiltInType.REENTRANT_LOCK, locks),
                Map.entry(BuiltInType.SEMAPHORE, semaphores), Map.entry(BuiltInType.BOUNDED_SEMAPHORE, semaphores),
                Map.entry(BuiltInType.EVENT, new EventOperations(this, notifications)),
                Map.entry(BuiltInType.CONDITION, new ConditionOperations(this, notifications)),
                Map.entry(BuiltInType.BARRIER, new BarrierOperations(this, notifications)));
        this.hosted = new HostedObjects(this, notifications, codec, settings.registrations(), classLoader());
        this.session = new Session(UUID.randomUUID().toString(), 1);
        openSession(session);
        this.releaser = new Releaser(new Releaser.Target() {
            @Override
            public boolean isClosed() {
                return closed;
            }

            @Override
            public int linkNumber() {
                return session.number();
            }

            @Override
            public void releaseNow(List<String> ids, int link) {
                release(ids, link);
            }
        });
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "managed-objects-redis-session");
            thread.setDaemon(true);
            return thread;
        });
        long every = Math.max(100, sessionTimeout.toMillis() / 3);
        heartbeats.scheduleWithFixedDelay(this::heartbeat, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Connects to Redis.
     *
     * @param uri the parsed address
     * @param address the address as given
     * @param settings the builder's settings
     * @param observer observes every call, or null
     * @param output where the output of child processes goes, or null for this process's own
     * @return the manager
     * @throws ManagerConnectionException if Redis cannot be reached
     */
    static RedisManager connect(RedisAddress uri, String address, ManagerSettings settings, @Nullable CallObserver observer,
            io.managedobjects.@Nullable ProcessOutput output) {
        RedisURI redis = uri.uri();
        if (redis.getSocket() != null && !io.lettuce.core.resource.Transports.NativeTransports.isDomainSocketSupported()) {
            throw new IllegalStateException("The address '" + Backends.redacted(address) + "' is a Unix socket, which Lettuce "
                    + "reaches only through Netty's native transport: add io.netty:netty-transport-native-epoll with the classifier "
                    + "linux-x86_64 (linux-aarch_64 on ARM; on macOS netty-transport-native-kqueue, osx-x86_64 or osx-aarch_64), "
                    + "or use a redis://host:port address");
        }
        if (!uri.timeoutGiven()) {
            redis.setTimeout(settings.sessionTimeout());
        }
        RedisClient client = RedisClient.create(redis);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(redis.getTimeout()))
                .build());
        StatefulRedisConnection<byte[], byte[]> connection;
        try {
            connection = client.connect(ByteArrayCodec.INSTANCE);
        } catch (RedisException e) {
            shutdown(client);
            throw new ManagerConnectionException("Redis at " + Backends.redacted(address) + " cannot be reached (" + e.getMessage()
                    + "): is it running, and are the address and password right?", e);
        }
        try {
            return new RedisManager(address, uri.prefix(), client, redis, connection, settings, observer, output);
        } catch (RuntimeException e) {
            connection.close();
            shutdown(client);
            throw e;
        }
    }

    private static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : RedisManager.class.getClassLoader();
    }

    // ------------------------------------------------------------------------------------------------ the session

    private void openSession(Session opened) {
        functions.call("session", opened.id(), "", sessionTimeout.toMillis(), 1, newMark(), ProcessHandle.current().pid(), hostName());
    }

    /** A mark for the data in Redis, should it have none yet (the first client, or Redis lost its data). */
    private static String newMark() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private void heartbeat() {
        if (closed) {
            return;
        }
        try {
            Session current = session;
            Object reply = functions.call("session", current.id(), "", sessionTimeout.toMillis(), 0, newMark(), 0, "");
            if (reply instanceof Long ended && ended == 0) {
                // this process was silent longer than the session timeout (paused, or cut off): what the session held
                // was released; a new session counts what is held from now on
                renew(current);
            }
            functions.call("reap", current.id(), "");
            // cycles of anonymous objects: collected by one client at a time, every other session timeout
            functions.call("collect", current.id(), "", 2 * sessionTimeout.toMillis());
        } catch (RuntimeException e) {
            // Redis is unreachable now: the next heartbeat tries again (callers see the failure themselves)
        }
    }

    /**
     * Releases ids counted for a session. The batch carries an id of its own, so that a batch sent again after a
     * timeout (it may have been applied) is applied once; one that cannot be sent after a few tries is left to its
     * session's end: a count kept too long is safe, one taken twice would free an object still in use.
     */
    private void release(List<String> ids, int number) {
        Session current = session;
        if (closed || current.number() != number) {
            return;
        }
        Map<String, Integer> counts = new TreeMap<>();
        for (String id : ids) {
            counts.merge(id, 1, Integer::sum);
        }
        List<Object> args = new ArrayList<>();
        args.add(UUID.randomUUID().toString());
        counts.forEach((id, count) -> {
            args.add(id);
            args.add(count);
        });
        for (int attempt = 1; ; attempt++) {
            try {
                functions.call("release", current.id(), "", args.toArray());
                return;
            } catch (ManagerConnectionException e) {
                if (attempt == 3 || closed) {
                    return;
                }
                try {
                    Thread.sleep(500L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Opens a new session if {@code ended} is still the current one (a call found it ended). */
    private void renew(Session ended) {
        synchronized (this) {
            if (session == ended && !closed) {
                Session renewed = new Session(UUID.randomUUID().toString(), ended.number() + 1);
                openSession(renewed);
                session = renewed;
                hosted.sessionEnded();
            }
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }

    // ------------------------------------------------------------------------------------------------ calls

    /**
     * Runs an operation of the library on an object, in this manager's session.
     *
     * @param operation the operation
     * @param id the object id, or empty for the manager's own operations
     * @param args its arguments
     * @return its result
     */
    @Nullable Object run(String operation, String id, Object... args) {
        return call(operation, id, args).result();
    }

    /**
     * An operation's result, and the session it ran in (the references in its result were counted for that one).
     *
     * @param session the session
     * @param result the result
     */
    record Call(Session session, @Nullable Object result) {
    }

    /** The session of this thread's last call: the proxies made from its result release their references in it. */
    private final ThreadLocal<Session> lastCallSession = new ThreadLocal<>();

    /**
     * Runs an operation of the library on an object, in this manager's session (a new one if the current one ended).
     *
     * @param operation the operation
     * @param id the object id, or empty for the manager's own operations
     * @param args its arguments
     * @return its result, and the session it ran in
     */
    Call call(String operation, String id, Object... args) {
        if (closed) {
            throw new ManagerConnectionException("The manager is closed (" + Backends.redacted(address) + ")");
        }
        Session current = session;
        try {
            return ran(current, functions.call(operation, current.id(), id, args));
        } catch (RedisCommandExecutionException e) {
            if (!refusal(e).startsWith("NOSESSION")) {
                throw refused(e);
            }
        }
        renew(current);
        Session renewed = session;
        try {
            return ran(renewed, functions.call(operation, renewed.id(), id, args));
        } catch (RedisCommandExecutionException e) {
            throw refused(e);
        }
    }

    private Call ran(Session in, @Nullable Object result) {
        lastCallSession.set(in);
        return new Call(in, result);
    }

    /**
     * Runs an operation that completes an earlier one (an acknowledgement) in the earlier one's session.
     *
     * @param earlier the earlier call
     * @param operation the operation
     * @param id the object
     * @param args its arguments
     * @return false if that session has ended meanwhile (what it held was released, what it took given back)
     */
    boolean acknowledge(Call earlier, String operation, String id, Object... args) {
        if (earlier.session() != session) {
            return false;
        }
        try {
            functions.call(operation, earlier.session().id(), id, args);
            return true;
        } catch (RedisCommandExecutionException e) {
            if (refusal(e).startsWith("NOSESSION")) {
                return false;
            }
            throw refused(e);
        }
    }

    /** The library's refusal (a code, e.g. {@code GONE}, then details), as Redis reports it with or without {@code ERR}. */
    private static String refusal(RedisCommandExecutionException e) {
        String message = String.valueOf(e.getMessage());
        return message.startsWith("ERR ") ? message.substring("ERR ".length()) : message;
    }

    private RuntimeException refused(RedisCommandExecutionException e) {
        String message = refusal(e);
        if (message.startsWith("GONE ")) {
            String[] parts = message.substring("GONE ".length()).trim().split(" ");
            String id = parts[0];
            String now = parts.length > 1 ? parts[1] : "";
            if (!id.endsWith("-" + now)) {
                return new ManagerException("The shared object " + id + " was made before Redis at " + Backends.redacted(address)
                        + " lost its data (restarted without persistence, or flushed): create it again");
            }
            return new IllegalStateException("The shared object " + id + " no longer exists: it was destroyed, or released by every process");
        }
        if (message.startsWith("OWNERGONE ")) {
            String[] parts = message.substring("OWNERGONE ".length()).trim().split(" ", 3);
            return new ManagerException("The shared object " + parts[0] + " is gone: the process that hosted it (pid "
                    + (parts.length > 1 ? parts[1] : "?") + " on " + (parts.length > 2 ? parts[2] : "?") + ") ended its session (it "
                    + "exited, closed its Manager, or did not answer for longer than the session timeout), and on Redis an instance "
                    + "of a registered class lives in the process that created it: create it again (named(...) creates a new one "
                    + "in the calling process), or host it where it outlives its users (a RedisHost process, or a manager server)");
        }
        if (message.startsWith("LOSTCALL")) {
            return new CallLostException("A call on a hosted object was cut off: this process's session in Redis at "
                    + Backends.redacted(address) + " ended while it waited for the reply (the process was paused or cut off "
                    + "longer than the session timeout), or Redis lost its data meanwhile, so whether the method ran is unknown");
        }
        if (message.startsWith("NAMETAKEN ") || message.startsWith("LENGTH ")) {
            return new IllegalStateException(message);   // create(...) words it, knowing the name
        }
        if (message.startsWith("BOUNDED ")) {
            String[] parts = message.split(" ");
            return new IllegalStateException("Bounded semaphore released too many times: " + parts[1]
                    + " permits would exceed its initial " + parts[2]);
        }
        if (message.startsWith("BROKEN ")) {
            throw sneaky(new java.util.concurrent.BrokenBarrierException(message.substring("BROKEN ".length())));
        }
        if (message.startsWith("MONITOR ")) {
            return new IllegalMonitorStateException(message.substring("MONITOR ".length()));
        }
        if (message.startsWith("TASKDONE")) {
            return new IllegalStateException("taskDone() called more times than there were items put");
        }
        if (message.startsWith("INDEX ")) {
            String[] parts = message.split(" ");
            return new IndexOutOfBoundsException("Index " + parts[1] + " out of bounds for length " + parts[2]);
        }
        if (message.startsWith("RANGE ")) {
            String[] parts = message.split(" ");
            return new IndexOutOfBoundsException("Range [" + parts[1] + ", " + parts[2] + ") out of bounds for length " + parts[3]);
        }
        return new ManagerException("Redis at " + Backends.redacted(address) + " refused an operation: " + message, e);
    }

    /**
     * A call on a hosted object whose reply can never come (its session ended, or Redis lost it): an answer from Redis,
     * not a failure to reach it, so waiting longer would not help.
     */
    static final class CallLostException extends ManagerConnectionException {
        private static final long serialVersionUID = 1L;

        CallLostException(String message) {
            super(message);
        }
    }

    /**
     * The channel an object's changes are published on.
     *
     * @param id the object
     * @return the channel
     */
    String channel(String id) {
        return prefix + "{" + id + "}:n";
    }

    /**
     * The channel the replies to a session's calls on hosted objects are published on.
     *
     * @param sessionId the caller's session
     * @return the channel
     */
    String replyChannel(String sessionId) {
        return prefix + "s:" + sessionId + ":rn";
    }

    /**
     * The channel the requests to the instances a session hosts are published on.
     *
     * @param sessionId the host's session
     * @return the channel
     */
    String requestChannel(String sessionId) {
        return prefix + "s:" + sessionId + ":un";
    }

    /** @return how many instances of registered classes this process hosts */
    int hostedCount() {
        return hosted.hosted();
    }

    /** @return the id of the session this thread's last call ran in (the references in its result were counted for it) */
    String lastCallSessionId() {
        Session last = lastCallSession.get();
        return last == null ? session.id() : last.id();
    }

    /** @return the session timeout */
    Duration sessionTimeout() {
        return sessionTimeout;
    }

    /** @return whether this manager is closed */
    boolean isClosed() {
        return closed;
    }

    /** @return the id of this manager's current session */
    String sessionId() {
        return session.id();
    }

    /** @return the address, its password hidden, for messages */
    String redactedAddress() {
        return Backends.redacted(address);
    }

    @Override
    public @Nullable Object call(SharedRef ref, String method, Wait wait, @Nullable Method userMethod, @Nullable Object[] args)
            throws InterruptedException {
        BuiltInType type = BuiltInType.of(ref.type());
        Operations typeOperations = type == null ? null : operations.get(type);
        if (typeOperations == null && type != null) {
            throw notOnRedis("Shared" + type.api().getSimpleName().substring(6));
        }
        if (wait == Wait.INTERRUPTIBLE && Thread.interrupted()) {
            // as a manager server's client does: an interruptible call made by an interrupted thread does nothing
            throw new InterruptedException("Interrupted before the call of " + method);
        }
        CallObserver.Completion completion = started(ref);
        long start = completion == null ? 0 : System.nanoTime();
        CallEvent.Outcome outcome = CallEvent.Outcome.ERROR;
        try {
            Object[] arguments = args == null ? new Object[0] : args;
            Object result = typeOperations == null ? hosted.call(ref, method, userMethod, arguments)
                    : typeOperations.call(ref.id(), method, wait, arguments);
            outcome = CallEvent.Outcome.SUCCESS;
            return result;
        } catch (ManagerConnectionException e) {
            outcome = CallEvent.Outcome.DISCONNECTED;
            throw e;
        } finally {
            // a proxy among the arguments keeps its object until Redis has stored or dropped the reference
            Reference.reachabilityFence(args);
            if (completion != null) {
                completed(completion, ref, method, start, outcome);
            }
        }
    }

    private CallObserver.@Nullable Completion started(SharedRef ref) {
        if (observer == null) {
            return null;
        }
        try {
            return observer.callStarted(ref.type(), "", ref.name());
        } catch (RuntimeException e) {
            return null;   // an observer must never break a call
        }
    }

    private static void completed(CallObserver.Completion completion, SharedRef ref, String method, long start,
            CallEvent.Outcome outcome) {
        try {
            completion.completed(new CallEvent(ref.type(), method, Duration.ofNanos(System.nanoTime() - start), outcome, 0, 0));
        } catch (RuntimeException e) {
            // an observer must never break a call
        }
    }

    /**
     * A value as Redis stores it, with the ids of the shared objects it refers to.
     *
     * @param bytes the encoded value
     * @param refs the ids, space-separated (empty if none)
     */
    record Encoded(byte[] bytes, String refs) {
    }

    /**
     * Encodes a value.
     *
     * @param value the value
     * @return its bytes and references
     * @throws io.managedobjects.DisallowedTypeException if it may not cross the boundary
     */
    Encoded encode(@Nullable Object value) {
        StringBuilder refs = new StringBuilder();
        byte[] bytes = codec.encodeValue(value, encodingRefs(refs));
        return new Encoded(bytes, refs.toString());
    }

    /**
     * How values are encoded: a proxy of this manager becomes its reference, and its id is added to {@code refs}.
     *
     * @param refs where the ids of the shared objects met go, space-separated
     * @return the resolver
     */
    RefResolver encodingRefs(StringBuilder refs) {
        return new RefResolver() {
            @Override
            public @Nullable SharedRef toRef(Object candidate) {
                SharedRef ref = refOf(candidate);
                if (ref != null) {
                    refs.append(refs.length() == 0 ? "" : " ").append(ref.id());
                }
                return ref;
            }

            @Override
            public Object fromRef(SharedRef ref) {
                throw new IllegalStateException("encoding only");
            }
        };
    }

    /** @return how values Redis returned are decoded: references, counted for this session by the same call, become proxies */
    RefResolver decodingRefs() {
        return decodingRefs;
    }

    /**
     * Decodes a value Redis returned; the references in it were counted for this session by the same call.
     *
     * @param bytes the value's bytes, or null for none
     * @return the value (proxies for references), or null
     */
    @Nullable Object decode(@Nullable Object bytes) {
        if (bytes == null) {
            return null;
        }
        return codec.decodeValue((byte[]) bytes, decodingRefs);
    }

    /**
     * Decodes a value for its text ({@code toString}): a shared object in it reads {@code type(id)}, as a manager
     * server writes the references it stores, rather than calling that object's own {@code toString} (which, for an
     * object that contains itself, would never end).
     *
     * @param bytes the value's bytes, or null for none
     * @return the value, references standing as their text
     */
    @Nullable Object decodeForText(@Nullable Object bytes) {
        if (bytes == null) {
            return null;
        }
        return codec.decodeValue((byte[]) bytes, textRefs);
    }

    /**
     * A value as {@code equals} compares it on a manager server: decoded with each shared object in it standing as its
     * id, so that shared objects are equal when they are the same object (a proxy's own {@code equals} compares a
     * collection's contents, which for a list holding itself would never end). Creates no proxies.
     *
     * @param bytes a stored value's bytes, or null
     * @return the value in comparable form
     */
    @Nullable Object comparable(@Nullable Object bytes) {
        return bytes == null ? null : codec.decodeValue((byte[]) bytes, identityRefs);
    }

    /**
     * An argument in the comparable form of {@link #comparable(Object)}.
     *
     * @param value the argument
     * @return its comparable form
     */
    @Nullable Object comparableArgument(@Nullable Object value) {
        return comparable(encode(value).bytes());
    }

    /** A shared object in a value's comparable form: equal to the same object only. */
    private record Identity(String id) {
    }

    private final RefResolver identityRefs = new RefResolver() {
        @Override
        public @Nullable SharedRef toRef(Object value) {
            return refOf(value);
        }

        @Override
        public Object fromRef(SharedRef ref) {
            return new Identity(ref.id());
        }
    };

    /** A reference in a value decoded for its text. */
    private record TextRef(SharedRef ref) {
        @Override
        public String toString() {
            return ref.type() + "(" + ref.id() + ")";
        }
    }

    private final RefResolver textRefs = new RefResolver() {
        @Override
        public @Nullable SharedRef toRef(Object value) {
            return refOf(value);
        }

        @Override
        public Object fromRef(SharedRef ref) {
            proxyFor(ref);   // the reply counted the reference for this session: the unused proxy releases it
            return new TextRef(ref);
        }
    };

    private final RefResolver decodingRefs = new RefResolver() {
        @Override
        public @Nullable SharedRef toRef(Object value) {
            return refOf(value);
        }

        @Override
        public Object fromRef(SharedRef ref) {
            return proxyFor(ref);
        }
    };

    private @Nullable SharedRef refOf(Object value) {
        ProxyChannel channel = Proxies.channelOf(value);
        if (channel != null && channel != this && !channel.address().equals(address)) {
            throw new ManagerException("A proxy of the manager at " + Backends.redacted(channel.address()) + " cannot be stored in an "
                    + "object of the manager at " + Backends.redacted(address));
        }
        return value instanceof SharedObject shared ? shared.sharedRef() : null;
    }

    Object proxyFor(SharedRef ref) {
        Object proxy = Proxies.create(this, ref);
        Session countedIn = lastCallSession.get();
        Session current = session;
        if (countedIn == null || countedIn == current) {
            CLEANER.register(proxy, new Release(releaser, current.number(), ref.id()));
        }
        // else: counted in a session that has ended since, which released everything it held
        return proxy;
    }

    /** Released when a proxy becomes unreachable; must not reference the proxy. */
    private record Release(Releaser releaser, int session, String id) implements Runnable {
        @Override
        public void run() {
            releaser.release(session, id);
        }
    }

    static String text(@Nullable Object reply) {
        if (reply instanceof byte[] bytes) {
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }
        return String.valueOf(reply);
    }

    /**
     * A number Redis returned: an integer reply, or a long as its decimal text (Lua's numbers are doubles).
     *
     * @param reply the reply
     * @return the number, 0 for none
     */
    static long number(@Nullable Object reply) {
        if (reply instanceof Long value) {
            return value;
        }
        return reply instanceof byte[] text ? Long.parseLong(text(text)) : 0;
    }

    // ------------------------------------------------------------------------------------------------ ProxyChannel

    @Override
    public boolean canSend(@Nullable Object value) {
        try {
            encode(value);
            return true;
        } catch (io.managedobjects.DisallowedTypeException e) {
            return false;
        }
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    public SharedCondition condition(SharedLock lock) {
        return condition(null, lock);
    }

    private SharedCondition condition(@Nullable String name, SharedLock lock) {
        BuiltInType type = BuiltInType.of(lock.sharedType());
        if (type != BuiltInType.LOCK && type != BuiltInType.REENTRANT_LOCK) {
            throw new IllegalArgumentException("A condition needs a shared lock, not a " + lock.sharedType());
        }
        try {
            return create(BuiltInType.CONDITION, name, "condInit", lock.sharedId());
        } finally {
            Reference.reachabilityFence(lock);   // the lock lives until the condition's reference to it is stored
        }
    }

    @Override
    public TypePolicy typePolicy() {
        return codec.policy();
    }

    @Override
    public Class<?> userType(String typeId) {
        return hosted.apiClass(typeId);
    }

    /** Throws a checked exception that the proxy's method declares (a barrier's {@code BrokenBarrierException}). */
    @SuppressWarnings("unchecked")
    static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
        throw (T) t;
    }

    /**
     * The calling thread as the locks, semaphores, conditions, events and barriers know it within this manager's
     * session (a holder or waiter is a session and a thread).
     *
     * @return the thread's id, as text
     */
    static String callerThread() {
        return Long.toString(Thread.currentThread().getId());
    }

    static UnsupportedOperationException notOnRedis(String what) {
        return new UnsupportedOperationException(what + " is not on the Redis backend yet: use a manager server (Manager.start(), or "
                + "a unix: or tcp:// address) for it");
    }

    // ------------------------------------------------------------------------------------------------ creation

    private <T> T create(BuiltInType type, @Nullable String name, @Nullable String init, Object... initArgs) {
        List<?> reply = createObject(type.id(), name, init, initArgs);
        SharedRef ref = new SharedRef(type.id(), text(reply.get(0)), name);
        @SuppressWarnings("unchecked")
        T proxy = (T) proxyFor(ref);
        return proxy;
    }

    /**
     * Creates an object in Redis, or gets the named one, counted for this session.
     *
     * @param typeId its type id
     * @param name its name, or null
     * @param init the operation run on a new object, or null
     * @param initArgs its arguments
     * @return the object's id, then 1 if it was created or 0 if the name had it already
     */
    List<?> createObject(String typeId, @Nullable String name, @Nullable String init, Object... initArgs) {
        List<Object> args = new ArrayList<>(List.of(typeId, name == null ? "" : ManagerSettings.validateName(name), newMark()));
        if (init != null) {
            args.add(init);
            args.addAll(List.of(initArgs));
        }
        List<?> reply;
        try {
            reply = (List<?>) Objects.requireNonNull(run("create", "", args.toArray()));
        } catch (IllegalStateException e) {
            String refusal = String.valueOf(e.getMessage());
            if (refusal.startsWith("NAMETAKEN ")) {
                throw nameTaken(name, refusal, typeId);
            }
            if (refusal.startsWith("LENGTH ")) {
                throw new IllegalStateException("The shared array of this name has length " + refusal.substring("LENGTH ".length())
                        + ", not " + initArgs[0] + ": ask for it with its length, or choose another name");
            }
            throw e;
        }
        return reply;
    }

    private static IllegalStateException nameTaken(@Nullable String name, String refusal, String wanted) {
        return new IllegalStateException("The name '" + name + "' already holds a shared " + refusal.substring("NAMETAKEN ".length())
                + ", not a " + wanted + ": use another name, or destroy that object first");
    }

    /**
     * The instance of a registered class of a name, held by this session from now on.
     *
     * @param name the name
     * @param typeId the type id this process registered the class under, or empty if it did not register it
     * @param className the class asked for
     * @return its id and its type id, or null if the name holds nothing
     * @throws IllegalStateException if the name holds an object of another type
     */
    @Nullable List<?> lookup(String name, String typeId, String className) {
        try {
            return (List<?>) run("lookup", "", name, typeId, className);
        } catch (IllegalStateException e) {
            String refusal = String.valueOf(e.getMessage());
            throw refusal.startsWith("NAMETAKEN ") ? nameTaken(name, refusal, typeId.isEmpty() ? className : typeId) : e;
        }
    }

    @Override
    public <K, V> SharedMap<K, V> map() {
        return create(BuiltInType.MAP, null, null);
    }

    @Override
    public <K, V> SharedMap<K, V> map(Map<? extends K, ? extends V> initial) {
        Object[] entries = MapOperations.entries(this, new LinkedHashMap<>(initial));
        try {
            return create(BuiltInType.MAP, null, "putAll", entries);
        } finally {
            Reference.reachabilityFence(initial);
        }
    }

    @Override
    public <K, V> SharedMap<K, V> map(String name) {
        return create(BuiltInType.MAP, name, null);
    }

    @Override
    public <T> SharedValue<T> value(T initial) {
        Encoded value = encode(initial);
        try {
            return create(BuiltInType.VALUE, null, "valueSet", value.bytes(), value.refs());
        } finally {
            Reference.reachabilityFence(initial);
        }
    }

    @Override
    public <T> SharedValue<T> value(String name, T initial) {
        Encoded value = encode(initial);
        try {
            return create(BuiltInType.VALUE, name, "valueSet", value.bytes(), value.refs());
        } finally {
            Reference.reachabilityFence(initial);
        }
    }

    @Override
    public SharedAtomicLong atomicLong(long initial) {
        return create(BuiltInType.ATOMIC_LONG, null, "longSet", initial);
    }

    @Override
    public SharedAtomicLong atomicLong(String name) {
        return create(BuiltInType.ATOMIC_LONG, name, null);
    }

    @Override
    public <E> SharedList<E> list() {
        return create(BuiltInType.LIST, null, null);
    }

    @Override
    public <E> SharedList<E> list(Collection<? extends E> initial) {
        Object[] items = ((ListOperations) operations.get(BuiltInType.LIST)).items(new ArrayList<>(initial));
        try {
            return items.length == 0 ? create(BuiltInType.LIST, null, null) : create(BuiltInType.LIST, null, "listAdd", items);
        } finally {
            Reference.reachabilityFence(initial);
        }
    }

    @Override
    public <E> SharedList<E> list(String name) {
        return create(BuiltInType.LIST, name, null);
    }

    @Override
    public SharedLongArray array(int length) {
        return create(BuiltInType.LONG_ARRAY, null, "arrInit", ManagerSettings.validateLength(length));
    }

    @Override
    public SharedLongArray array(long... values) {
        return create(BuiltInType.LONG_ARRAY, null, "arrInit", values.length, arrays(BuiltInType.LONG_ARRAY).all(values));
    }

    @Override
    public SharedLongArray array(String name, int length) {
        return create(BuiltInType.LONG_ARRAY, name, "arrInit", ManagerSettings.validateLength(length));
    }

    @Override
    public SharedDoubleArray doubleArray(int length) {
        return create(BuiltInType.DOUBLE_ARRAY, null, "arrInit", ManagerSettings.validateLength(length));
    }

    @Override
    public SharedDoubleArray doubleArray(double... values) {
        return create(BuiltInType.DOUBLE_ARRAY, null, "arrInit", values.length, arrays(BuiltInType.DOUBLE_ARRAY).all(values));
    }

    @Override
    public SharedDoubleArray doubleArray(String name, int length) {
        return create(BuiltInType.DOUBLE_ARRAY, name, "arrInit", ManagerSettings.validateLength(length));
    }

    private ArrayOperations arrays(BuiltInType type) {
        return (ArrayOperations) operations.get(type);
    }

    @Override
    public <E> SharedQueue<E> queue() {
        return create(BuiltInType.QUEUE, null, "qInit", 0);
    }

    @Override
    public <E> SharedQueue<E> queue(int capacity) {
        return create(BuiltInType.QUEUE, null, "qInit", ManagerSettings.validatePositive(capacity, "capacity"));
    }

    @Override
    public <E> SharedQueue<E> queue(String name) {
        return create(BuiltInType.QUEUE, name, "qInit", 0);
    }

    @Override
    public <E> SharedQueue<E> queue(String name, int capacity) {
        return create(BuiltInType.QUEUE, name, "qInit", ManagerSettings.validateCapacity(capacity));
    }

    @Override
    public <E> SharedSet<E> set() {
        return create(BuiltInType.SET, null, null);
    }

    @Override
    public <E> SharedSet<E> set(Collection<? extends E> initial) {
        Object[] entries = setOperations().entries(new ArrayList<>(initial));
        try {
            return create(BuiltInType.SET, null, "putAbsentAll", entries);
        } finally {
            Reference.reachabilityFence(initial);
        }
    }

    @Override
    public <E> SharedSet<E> set(String name) {
        return create(BuiltInType.SET, name, null);
    }

    private SetOperations setOperations() {
        return (SetOperations) operations.get(BuiltInType.SET);
    }

    @Override
    public SharedNamespace namespace() {
        return create(BuiltInType.NAMESPACE, null, null);
    }

    @Override
    public SharedNamespace namespace(String name) {
        return create(BuiltInType.NAMESPACE, name, null);
    }

    @Override
    public <T> T proxy(SharedRef ref) {
        Object type = run("attach", ref.id(), ref.type());
        if (!ref.type().equals(text(type))) {
            throw new IllegalArgumentException("The shared object " + ref.id() + " is a " + text(type) + ", not a " + ref.type());
        }
        @SuppressWarnings("unchecked")
        T proxy = (T) proxyFor(ref);
        return proxy;
    }

    @Override
    public void destroy(SharedObject object) {
        run("destroy", object.sharedId());
    }

    @Override
    public ManagerInfo info() {
        List<?> reply = (List<?>) Objects.requireNonNull(run("info", ""));
        List<ObjectInfo> objects = new ArrayList<>();
        for (Object row : (List<?>) reply.get(0)) {
            List<?> o = (List<?>) row;
            String name = text(o.get(2));
            long size = number(o.get(3));
            String type = text(o.get(1));
            BuiltInType builtIn = BuiltInType.of(type);
            Map<String, Object> state = builtIn == BuiltInType.LONG_ARRAY || builtIn == BuiltInType.DOUBLE_ARRAY
                    ? Map.of("length", (int) size) : syncState(builtIn, (List<?>) o.get(6));
            objects.add(new ObjectInfo(text(o.get(0)), name.isEmpty() ? null : name, type, number(o.get(4)),
                    size < 0 ? null : (int) size, Instant.ofEpochMilli(number(o.get(5))), 0, state));
        }
        List<ConnectionInfo> sessions = new ArrayList<>();
        for (Object row : (List<?>) reply.get(1)) {
            List<?> s = (List<?>) row;
            sessions.add(new ConnectionInfo(text(s.get(0)), number(s.get(1)), text(s.get(2)), Instant.ofEpochMilli(number(s.get(3))),
                    0, ((List<?>) s.get(4)).stream().map(RedisManager::text).toList()));
        }
        return new ManagerInfo(server(), objects, sessions);
    }

    /** The state of a lock, condition, semaphore, event or barrier as a manager server shows it (other objects show none). */
    private static Map<String, Object> syncState(@Nullable BuiltInType type, List<?> state) {
        Map<String, Object> shown = new LinkedHashMap<>();
        if (type == BuiltInType.LOCK || type == BuiltInType.REENTRANT_LOCK) {
            String owner = text(state.get(0));
            shown.put("locked", !owner.isEmpty());
            shown.put("reentrant", type == BuiltInType.REENTRANT_LOCK);
            if (!owner.isEmpty()) {
                shown.put("owner", owner);
                shown.put("holds", (int) number(state.get(1)));
            }
            shown.put("waiters", (int) number(state.get(2)));
        } else if (type == BuiltInType.SEMAPHORE || type == BuiltInType.BOUNDED_SEMAPHORE) {
            shown.put("permits", number(state.get(0)));
            shown.put("initialPermits", (int) number(state.get(1)));
            shown.put("bounded", type == BuiltInType.BOUNDED_SEMAPHORE);
            shown.put("waiters", (int) number(state.get(2)));
        } else if (type == BuiltInType.CONDITION) {
            shown.put("lock", text(state.get(0)));
            shown.put("waiters", (int) number(state.get(1)));
        } else if (type == BuiltInType.BARRIER) {
            shown.put("parties", (int) number(state.get(0)));
            shown.put("waiting", (int) number(state.get(1)));
            shown.put("broken", number(state.get(2)) == 1);
            shown.put("generation", number(state.get(3)));
        } else if (type == BuiltInType.EVENT) {
            shown.put("set", number(state.get(0)) == 1);
            shown.put("waiters", (int) number(state.get(1)));
        } else if (type == null && state.size() == 4) {   // a hosted instance, as a manager server shows it, and its host
            shown.put("class", text(state.get(2)));
            shown.put("threadSafe", "1".equals(text(state.get(3))));
            shown.put("host", "pid " + number(state.get(0)) + " on " + text(state.get(1)));
        }
        return shown;
    }

    private ServerInfo server() {
        Map<String, String> fields = new LinkedHashMap<>();
        try {
            for (String line : connection.sync().info("server").split("\r?\n")) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
                }
            }
        } catch (RedisException e) {
            throw functions.unreachable(e);
        }
        return new ServerInfo(Backends.redacted(address), Long.parseLong(fields.getOrDefault("process_id", "0")),
                Duration.ofSeconds(Long.parseLong(fields.getOrDefault("uptime_in_seconds", "0"))),
                "redis " + fields.getOrDefault("redis_version", "?") + ", functions " + RedisFunctions.VERSION);
    }

    @Override
    public ManagerStats stats() {
        ManagerInfo info = info();
        Map<String, Integer> byType = new TreeMap<>();
        info.objects().forEach(o -> byType.merge(o.type(), 1, Integer::sum));
        return new ManagerStats(info.server(), info.objects().size(), byType, info.connections().size());
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
        hosted.close();
        heartbeats.shutdownNow();
        releaser.stop();
        notifications.close();
        try {
            functions.call("close", session.id(), "");
        } catch (RuntimeException e) {
            // Redis is unreachable: the session's lease runs out, and another client releases what it held
        }
        connection.close();
        shutdown(client);
        io.managedobjects.internal.client.ChildContext.clear(this);
    }

    private static void shutdown(RedisClient client) {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    // ------------------------------------------------------------------------------------------------ child processes

    @Override
    public ManagedProcess process(Class<? extends ProcessTask> task, Object... args) {
        try {
            task.getConstructor();
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("Task " + task.getName() + " needs a public no-argument constructor: it is instantiated in "
                    + "the child process");
        }
        byte[] encodedArgs = codec.encodeResult(0, new ArrayList<>(java.util.Arrays.asList(args)), decodingRefs);
        return new ManagedProcessImpl(this, task, args, encodedArgs);
    }

    @Override
    public ManagerSettings childSettings() {
        return settings;
    }

    @Override
    public SpareChild spareChild() {
        return spareChild;
    }

    @Override
    public io.managedobjects.@Nullable ProcessOutput processOutput() {
        return processOutput;
    }

    @Override
    public void warmUp() {
        run("ping", "");
    }

    @Override
    public Object[] decodeArgs(byte[] encoded) {
        List<?> decoded = (List<?>) codec.decodeResponse(encoded, new RefResolver() {
            @Override
            public @Nullable SharedRef toRef(Object value) {
                return refOf(value);
            }

            @Override
            public Object fromRef(SharedRef ref) {
                return proxy(ref);   // held by this process's session from now on
            }
        }).value();
        return Objects.requireNonNull(decoded).toArray();
    }

    // ------------------------------------------------------------------------------------------------ synchronization, and what is not on Redis yet

    @Override public SharedLock lock() { return create(BuiltInType.LOCK, null, null); }
    @Override public SharedLock lock(String name) { return create(BuiltInType.LOCK, name, null); }
    @Override public SharedLock reentrantLock() { return create(BuiltInType.REENTRANT_LOCK, null, null); }
    @Override public SharedLock reentrantLock(String name) { return create(BuiltInType.REENTRANT_LOCK, name, null); }
    @Override public SharedSemaphore semaphore(int permits) { return semaphore(BuiltInType.SEMAPHORE, null, permits); }
    @Override public SharedSemaphore semaphore(String name, int permits) { return semaphore(BuiltInType.SEMAPHORE, name, permits); }
    @Override public SharedSemaphore boundedSemaphore(int permits) { return semaphore(BuiltInType.BOUNDED_SEMAPHORE, null, permits); }
    @Override public SharedSemaphore boundedSemaphore(String name, int permits) { return semaphore(BuiltInType.BOUNDED_SEMAPHORE, name, permits); }
    @Override public SharedEvent event() { return create(BuiltInType.EVENT, null, null); }
    @Override public SharedEvent event(String name) { return create(BuiltInType.EVENT, name, null); }

    private SharedSemaphore semaphore(BuiltInType type, @Nullable String name, int permits) {
        if (permits < 0) {
            throw new IllegalArgumentException("A semaphore needs zero or more permits, got " + permits);
        }
        return create(type, name, "semInit", permits);
    }

    @Override public SharedCondition condition() { return condition(reentrantLock()); }
    @Override public SharedCondition condition(String name) { return condition(name, reentrantLock(name + ".lock")); }
    @Override public SharedBarrier barrier(int parties) { return newBarrier(null, parties, null); }
    @Override public SharedBarrier barrier(int parties, Runnable action) { return newBarrier(null, parties, Objects.requireNonNull(action)); }
    @Override public SharedBarrier barrier(String name, int parties) { return newBarrier(name, parties, null); }
    @Override public SharedBarrier barrier(String name, int parties, Runnable action) { return newBarrier(name, parties, Objects.requireNonNull(action)); }

    private SharedBarrier newBarrier(@Nullable String name, int parties, @Nullable Runnable action) {
        if (parties <= 0) {
            throw new IllegalArgumentException("A barrier needs at least one party, got " + parties);
        }
        SharedBarrier barrier = create(BuiltInType.BARRIER, name, "barInit", parties);
        return action == null ? barrier : Proxies.withBarrierAction(barrier, action);
    }

    @Override
    public <T> T create(Class<T> type, Object... constructorArgs) {
        return hosted.create(type, null, constructorArgs);
    }

    @Override
    public <T> T named(String name, Class<T> type, Object... constructorArgs) {
        return hosted.create(type, ManagerSettings.validateName(name), constructorArgs);
    }

    @Override
    public Pipeline pipeline() {
        throw new UnsupportedOperationException("Pipelines are not offered on Redis: each call is one round trip; use bulk "
                + "operations (putAll, addAll) to save round trips");
    }

    @Override
    public SharedPool pool(int processes) {
        throw poolsNotOnRedis();
    }

    @Override
    public SharedPool pool(String name, int processes) {
        throw poolsNotOnRedis();
    }

    @Override
    public SharedPool pool(PoolOptions options) {
        throw poolsNotOnRedis();
    }

    @Override
    public SharedPool pool(String name, PoolOptions options) {
        throw poolsNotOnRedis();
    }

    private static UnsupportedOperationException poolsNotOnRedis() {
        return new UnsupportedOperationException("Pools are not offered on Redis (their workers are processes a manager server "
                + "starts): use a manager server (Manager.start()) for a pool");
    }

    @Override
    public String toString() {
        return "RedisManager[" + Backends.redacted(address) + ", prefix " + prefix + "]";
    }

    /** The operations of one built-in type on Redis. */
    interface Operations {

        /**
         * Runs a proxy's operation.
         *
         * @param id the object id
         * @param method the operation, as the proxy names it
         * @param args its arguments
         * @return its result, as the proxy expects it
         */
        @Nullable Object call(String id, String method, @Nullable Object[] args) throws InterruptedException;

        /**
         * Runs a proxy's operation that may wait (a lock's {@code lock()} ignores interrupts, {@code lockInterruptibly()}
         * does not; both are the operation {@code lock}).
         *
         * @param id the object id
         * @param method the operation, as the proxy names it
         * @param wait how the proxy waits
         * @param args its arguments
         * @return its result, as the proxy expects it
         */
        default @Nullable Object call(String id, String method, Wait wait, @Nullable Object[] args) throws InterruptedException {
            return call(id, method, args);
        }
    }
}
