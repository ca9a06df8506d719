package io.managedobjects.internal.server;

import io.managedobjects.ConnectionInfo;
import io.managedobjects.ManagerException;
import io.managedobjects.ManagerInfo;
import io.managedobjects.ManagerStats;
import io.managedobjects.ServerInfo;
import io.managedobjects.internal.Address;
import io.managedobjects.internal.BuiltInType;
import io.managedobjects.internal.ManagerSettings;
import io.managedobjects.internal.TypeRegistration;
import io.managedobjects.internal.Version;
import io.managedobjects.internal.codec.TypePolicy;
import io.managedobjects.internal.codec.WireCodec;
import io.managedobjects.internal.wire.FrameChannel;
import io.managedobjects.internal.wire.Handshake;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.StandardProtocolFamily;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The manager server: listens on a Unix socket or TCP, authenticates every connection, and serves each
 * connection's requests in order on its own thread, so a blocking call stalls only its caller.
 */
public final class ServerEngine implements AutoCloseable {

    static final System.Logger LOG = JulLogger.of("io.managedobjects.server");

    private final Address requested;
    private final ManagerSettings settings;
    private final byte[] authKey;
    private final int maxFrameBytes;
    private final Duration handshakeTimeout;
    private final WireCodec codec;
    private final List<String> trustedPackages;
    /** Reply codecs by the trusted packages of clients that trust less than the server. */
    private final ConcurrentHashMap<List<String>, WireCodec> replyCodecs = new ConcurrentHashMap<>();
    private final ObjectRegistry registry = new ObjectRegistry();
    private final UserTypes userTypes;
    private final LocalChannel localChannel;
    private final Set<ServerConnection> connections = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();
    private final AtomicLong connectionIds = new AtomicLong();
    private final ScheduledExecutorService timers;
    private final java.util.concurrent.ExecutorService workers = java.util.concurrent.Executors.newCachedThreadPool(new java.util.concurrent.ThreadFactory() {
        private final AtomicLong ids = new AtomicLong();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "managed-objects-worker-" + ids.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    });
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Instant startedAt = Instant.now();
    private @Nullable ServerSocketChannel listener;
    private @Nullable String boundAddress;
    private volatile boolean closing;

    /**
     * Creates a server; {@link #start()} binds it.
     *
     * @param settings address (required), auth key (required), trusted packages, frame limit
     * @param handshakeTimeout how long a new connection may take to authenticate
     */
    public ServerEngine(ManagerSettings settings, Duration handshakeTimeout) {
        this(settings, handshakeTimeout, DEFAULT_MAX_CONNECTIONS);
    }

    /** The default limit of open authenticated connections. */
    public static final int DEFAULT_MAX_CONNECTIONS = 1024;
    /** How many accepted connections may be waiting to authenticate at once; the oldest is closed to make room. */
    static final int MAX_PENDING_HANDSHAKES = 64;

    private final java.util.concurrent.ConcurrentLinkedDeque<ServerConnection> pendingHandshakes = new java.util.concurrent.ConcurrentLinkedDeque<>();
    private final java.util.concurrent.atomic.AtomicInteger authenticated = new java.util.concurrent.atomic.AtomicInteger();
    private final RateLimitedLog acceptWarnings = new RateLimitedLog(LOG);
    private final RateLimitedLog limitWarnings = new RateLimitedLog(LOG);
    private final RateLimitedLog pendingWarnings = new RateLimitedLog(LOG);
    private final RateLimitedLog handshakeWarnings = new RateLimitedLog(LOG);
    private final RateLimitedLog silentWarnings = new RateLimitedLog(LOG);
    private final Duration sessionTimeout;
    /** Ends silent sessions on a thread of its own: no object's lock or blocked write ever delays it. */
    private final ScheduledExecutorService sessionWatch = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "managed-objects-session-watch");
        t.setDaemon(true);
        return t;
    });

    private final int maxConnections;

    /**
     * Creates a server with a connection limit; {@link #start()} binds it.
     *
     * @param settings address (required), auth key (required), trusted packages, frame limit
     * @param handshakeTimeout how long a new connection may take to authenticate
     * @param maxConnections how many connections may be open at once; more are refused with a clear message
     */
    public ServerEngine(ManagerSettings settings, Duration handshakeTimeout, int maxConnections) {
        this.maxConnections = maxConnections;
        if (settings.address() == null || settings.authKey() == null) {
            throw new IllegalArgumentException("A server needs an address and an auth key");
        }
        this.requested = Address.parse(settings.address());
        this.settings = settings;
        this.authKey = settings.authKey().clone();
        this.maxFrameBytes = settings.maxFrameBytes();
        this.sessionTimeout = settings.sessionTimeout();
        this.handshakeTimeout = handshakeTimeout;
        this.trustedPackages = settings.effectiveTrustedPackages();
        this.codec = new WireCodec(new TypePolicy(trustedPackages, classLoader()));
        this.userTypes = new UserTypes(settings.registrations(), classLoader());
        this.localChannel = new LocalChannel(this);
        this.registry.useLocalChannel(localChannel);
        java.util.concurrent.ScheduledThreadPoolExecutor timer = new java.util.concurrent.ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "managed-objects-timer");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        this.timers = timer;
    }

    private static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : ServerEngine.class.getClassLoader();
    }

    /**
     * Binds the listening socket and starts accepting.
     *
     * @return the address actually bound
     * @throws ManagerException if the address cannot be bound
     */
    public synchronized String start() {
        if (boundAddress != null) {
            return boundAddress;
        }
        if (closing) {
            throw new IllegalStateException("This server was closed: build a new one");
        }
        try {
            ServerSocketChannel channel;
            if (requested.isUnix()) {
                Path path = requested.unixPath();
                prepareSocketPath(path);
                channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                channel.bind(requested.socketAddress(), 128);
                try {
                    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system: the directory's permissions protect it
                }
            } else {
                channel = ServerSocketChannel.open(requested.family());
                channel.bind(requested.socketAddress(), 128);
            }
            listener = channel;
            boundAddress = Address.format(channel.getLocalAddress());
        } catch (IOException e) {
            close();
            throw new ManagerException("Cannot listen on " + requested + ": " + e.getMessage()
                    + " (is another server using it? choose another address, or port 0 for a free port)", e);
        }
        long period = Math.max(100, sessionTimeout.toMillis() / 4);
        sessionWatch.scheduleAtFixedRate(this::endSilentSessions, period, period, java.util.concurrent.TimeUnit.MILLISECONDS);
        Thread acceptor = new Thread(this::acceptLoop, "managed-objects-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        LOG.log(Level.DEBUG, "managed-objects server listening on {0}", boundAddress);
        return boundAddress;
    }

    private static void prepareSocketPath(Path path) throws IOException {
        if (Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS).isOther()) {
                throw new IOException(path + " exists and is not a socket: choose another path");
            }
            try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                probe.connect(java.net.UnixDomainSocketAddress.of(path));
                throw new IOException("a server is already listening on " + path);
            } catch (IOException e) {
                if (e.getMessage() != null && e.getMessage().startsWith("a server is already")) {
                    throw e;
                }
                Files.delete(path);
            }
        }
        if (path.getParent() != null) {
            Files.createDirectories(path.getParent());
        }
    }

    /**
     * What a process this server starts (a pool's worker) needs to connect back: the bound address (a
     * wildcard host as the loopback address), the key, the allow-list and limits.
     *
     * @return the settings
     */
    ManagerSettings workerSettings() {
        return settings.with(Address.reachableFromThisHost(address()), authKey);
    }

    /**
     * The address actually bound.
     *
     * @return the address
     * @throws IllegalStateException before {@link #start()}
     */
    public synchronized String address() {
        if (boundAddress == null) {
            throw new IllegalStateException("The server is not started");
        }
        return boundAddress;
    }

    private void acceptLoop() {
        ServerSocketChannel channel = listener;
        long backoffMillis = 0;
        while (!closing && channel != null) {
            SocketChannel socket;
            try {
                socket = channel.accept();
                backoffMillis = 0;
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (closing) {
                    return;
                }
                // out of file descriptors, say: accepting again at once would only spin
                backoffMillis = Math.min(1000, Math.max(10, backoffMillis * 2));
                acceptWarnings.warn("Accepting connections failed ({0}); retrying in {1} ms", e.toString(), backoffMillis);
                try {
                    Thread.sleep(backoffMillis);
                } catch (InterruptedException interrupted) {
                    return;
                }
                continue;
            }
            serve(socket);
        }
    }

    /** Starts a connection's thread; a connection that cannot be served is closed, and accepting goes on. */
    private void serve(SocketChannel socket) {
        ServerConnection connection = null;
        try {
            if (!requested.isUnix()) {
                socket.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
                socket.setOption(java.net.StandardSocketOptions.SO_KEEPALIVE, true);
            }
            FrameChannel frames = new FrameChannel(socket, maxFrameBytes);
            if (authenticated.get() >= maxConnections) {
                limitWarnings.warn("Refused a connection from {0}: {1} authenticated connections are open, the limit",
                        peerName(socket), maxConnections);
                Handshake.refuse(frames);
                frames.close();
                return;
            }
            connection = new ServerConnection(this, Long.toString(connectionIds.incrementAndGet()), frames, peerName(socket));
            connections.add(connection);
            pendingHandshakes.addLast(connection);
            // peers that have not authenticated have their own small cap: the oldest makes room, so silent
            // sockets never keep a client with the key from connecting
            while (pendingHandshakes.size() > MAX_PENDING_HANDSHAKES) {
                ServerConnection oldest = pendingHandshakes.pollFirst();
                if (oldest != null && oldest.dropIfPending()) {
                    pendingWarnings.warn("Closed connection {0} from {1}: more than {2} connections are waiting to authenticate",
                            oldest.id(), oldest.remoteAddress(), MAX_PENDING_HANDSHAKES);
                }
            }
            if (closing) {
                connection.close();
                return;
            }
            Thread thread = new Thread(connection, "managed-objects-conn-" + connection.id());
            thread.setDaemon(true);
            thread.start();
        } catch (IOException | RuntimeException | Error e) {
            LOG.log(Level.WARNING, "Cannot serve a new connection: {0}", e.toString());
            if (connection != null) {
                connections.remove(connection);
                pendingHandshakes.remove(connection);
            }
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing more to release
            }
        }
    }

    private static String peerName(SocketChannel socket) {
        try {
            var remote = socket.getRemoteAddress();
            return remote instanceof java.net.InetSocketAddress inet ? inet.getAddress().getHostAddress() + ":" + inet.getPort() : "unix";
        } catch (IOException e) {
            return "unknown";
        }
    }

    int maxFrameBytes() {
        return maxFrameBytes;
    }

    /** @return whether this server serves TLS */
    boolean usesTls() {
        return settings.tls() != null;
    }

    /** @return a fresh server engine when this server serves TLS, else null */
    javax.net.ssl.@Nullable SSLEngine tlsEngine() {
        io.managedobjects.internal.wire.Tls tls = settings.tls();
        return tls == null ? null : tls.serverEngine();
    }

    byte[] authKey() {
        return authKey;
    }

    RateLimitedLog handshakeWarnings() {
        return handshakeWarnings;
    }

    Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /**
     * Runs a task after a delay. The timer thread only hands it to a worker: it never waits for an object's
     * lock itself, so one busy monitor delays no other timeout (handshake deadlines included).
     *
     * @param task the task (it may take a host's monitor)
     * @param delayNanos the delay
     * @return the scheduled task, to cancel
     */
    java.util.concurrent.ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
        return timers.schedule(() -> workers.execute(task), delayNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /**
     * The threads that run user code (user objects' methods and constructors) and timeouts, so that no
     * connection's reading thread and no timer ever waits for them.
     *
     * @return the executor
     */
    java.util.concurrent.ExecutorService workers() {
        return workers;
    }

    WireCodec codec() {
        return codec;
    }

    /**
     * The codec for replies to a client that trusts these packages: a class crosses only if both sides
     * trust it, so the server refuses to send what the client would refuse to read (before anything is
     * taken out of a container for it).
     *
     * @param clientPackages the client's trusted packages (sub-packages included)
     * @return the codec
     */
    WireCodec replyCodec(List<String> clientPackages) {
        java.util.LinkedHashSet<String> common = new java.util.LinkedHashSet<>();
        for (String server : trustedPackages) {
            for (String client : clientPackages) {
                if (server.equals(client) || server.startsWith(client + ".")) {
                    common.add(server);
                } else if (client.startsWith(server + ".")) {
                    common.add(client);
                }
            }
        }
        if (common.containsAll(trustedPackages)) {
            return codec;
        }
        List<String> shared = List.copyOf(common);
        WireCodec cached = replyCodecs.get(shared);
        if (cached != null) {
            return cached;
        }
        WireCodec made = new WireCodec(new TypePolicy(shared, classLoader()));
        // a few distinct allow-lists are expected; clients cannot grow the cache without bound
        return replyCodecs.size() < 64 ? replyCodecs.computeIfAbsent(shared, packages -> made) : made;
    }

    UserTypes userTypes() {
        return userTypes;
    }

    ObjectRegistry registry() {
        return registry;
    }

    LocalChannel localChannel() {
        return localChannel;
    }

    /**
     * Hosts the result of a {@code @SharedResult} method: a list, map or set (backed by that very
     * collection) or an instance of a registered class. Calls on it run under its owner's monitor, or,
     * for a thread-safe owner, under the result's own lock (only results that are safe so are accepted).
     * The new object may hold references (its owner's state), so the collector always looks inside it.
     *
     * @param result the method's result
     * @param ownerObject the object the method ran on
     * @param method the method, for error messages
     * @return the new object, not yet referenced by anyone
     * @throws ManagerException if the result cannot be hosted safely
     */
    HostedObject hostResult(Object result, HostedObject ownerObject, java.lang.reflect.Method method) {
        Host owner = ownerObject.host();
        // what callers store through the result is its owner's state: the collector must look inside the owner
        ownerObject.markMayHoldRefs();
        TypeRegistration registration = userTypes.forInstance(result);
        Object monitor = owner.concurrent() ? ownLock(result, registration, method) : owner.monitor();
        HostedObject object;
        if (registration != null) {
            object = registry.create(registration.typeId(), null, () -> new UserHost(result, registration, monitor),
                    userTypes.methods(registration));
        } else if (result instanceof java.util.List<?> list) {
            object = registry.create(BuiltInType.LIST.id(), null, () -> ListHost.backedBy(list, monitor), null);
        } else if (result instanceof java.util.Map<?, ?> map) {
            object = registry.create(BuiltInType.MAP.id(), null, () -> MapHost.backedBy(map, monitor), null);
        } else if (result instanceof java.util.Set<?> set) {
            object = registry.create(BuiltInType.SET.id(), null, () -> SetHost.backedBy(set, monitor), null);
        } else {
            throw new ManagerException("A @SharedResult method returned a " + result.getClass().getName()
                    + ": only lists, maps, sets and instances of registered classes can be hosted");
        }
        object.markMayHoldRefs();
        return object;
    }

    /** The monitor of a result of a thread-safe owner: the result itself, if that is safe. */
    private static Object ownLock(Object result, @Nullable TypeRegistration registration, java.lang.reflect.Method method) {
        if (registration != null || result instanceof java.util.concurrent.ConcurrentMap<?, ?>
                || result.getClass().getName().startsWith("java.util.Collections$Synchronized")
                || !(result instanceof java.util.Collection<?> || result instanceof java.util.Map<?, ?>)) {
            return result;
        }
        String kind = result instanceof java.util.List<?> ? "List" : result instanceof java.util.Map<?, ?> ? "Map"
                : result instanceof java.util.SortedSet<?> ? "SortedSet" : "Set";
        throw new ManagerException(method.getDeclaringClass().getSimpleName() + "." + method.getName()
                + "() is a @SharedResult of a thread-safe class (@ManagedObject(threadSafe = true)): its methods run concurrently "
                + "with the calls on the shared " + kind.toLowerCase(java.util.Locale.ROOT) + " it returns, but "
                + result.getClass().getName() + " is not thread-safe. Return a Collections.synchronized" + kind + "(...) "
                + "(calls on the shared collection then lock it, as your own compound actions on it must)"
                + (kind.equals("Map") ? " or a ConcurrentMap" : "") + ", or drop threadSafe = true");
    }


    /**
     * Assigns a new session to a client manager's first connection (counted as its first connection).
     *
     * @return the session
     */
    Session newSession() {
        while (true) {
            String id = java.util.HexFormat.of().formatHex(Handshake.randomBytes(16));
            Session session = new Session(id);
            session.connections = 1;
            if (sessions.putIfAbsent(id, session) == null) {
                return session;
            }
        }
    }

    /**
     * Counts one more connection of a session that still exists.
     *
     * @param id the session id a client presents
     * @return the session, or null if it has ended (or never existed)
     */
    @Nullable Session joinSession(String id) {
        synchronized (sessions) {
            return sessions.computeIfPresent(id, (k, s) -> {
                s.connections++;
                return s;
            });
        }
    }

    /**
     * Whether a session is still open (it has a connection).
     *
     * @param id the session id
     * @return false once it has ended
     */
    boolean isSessionOpen(String id) {
        return sessions.containsKey(id);
    }

    void closeSession(Session session) {
        boolean last;
        synchronized (sessions) {
            Session current = sessions.computeIfPresent(session.id, (k, s) -> --s.connections == 0 ? null : s);
            last = current == null;
        }
        if (last) {
            registry.releaseAll(session);
        }
    }

    /**
     * A connection's handshake has ended: it no longer waits among the pending ones.
     *
     * @param connection the connection
     * @param succeeded whether it authenticated (its place among the authenticated ones was reserved when it was admitted)
     */
    void handshakeEnded(ServerConnection connection, boolean succeeded) {
        pendingHandshakes.remove(connection);
    }

    /**
     * Takes one of the authenticated connections' places, if the limit allows.
     *
     * @return false if the server is at its connection limit
     */
    boolean reserveSlot() {
        while (true) {
            int open = authenticated.get();
            if (open >= maxConnections) {
                return false;
            }
            if (authenticated.compareAndSet(open, open + 1)) {
                return true;
            }
        }
    }

    /** Gives back a place taken by a connection whose handshake did not complete. */
    void releaseSlot() {
        authenticated.decrementAndGet();
    }

    /**
     * Closes the connections of sessions that gave no sign of life (no call, no heartbeat) for longer than
     * the session timeout: their client vanished without closing them. The sessions end as their last
     * connection closes. Also closes a connection whose client has not taken a reply for as long (a write
     * that makes no progress): only that client loses it. Runs on the session watch's own thread; takes no
     * object's lock.
     */
    private void endSilentSessions() {
        try {
            long now = System.nanoTime();
            long timeout = sessionTimeout.toNanos();
            for (ServerConnection connection : connections) {
                long writing = connection.writeStalledSince();
                if (writing != 0 && now - writing > timeout) {
                    silentWarnings.warn("Closed connection {0} of pid {1} ({2}): it has not taken a reply for more than {3}",
                            connection.id(), connection.pid(), connection.remoteAddress(), sessionTimeout);
                    connection.close();
                    continue;
                }
                Session session = connection.session();
                if (session != null && now - session.lastSeen > timeout) {
                    silentWarnings.warn("Ended the session of pid {0} ({1}): no call or heartbeat for more than {2}",
                            connection.pid(), connection.remoteAddress(), sessionTimeout);
                    connection.close();
                }
            }
        } catch (RuntimeException e) {
            // never let one failure stop the watch for good
            LOG.log(Level.WARNING, "Checking sessions for silence failed: {0}", e.toString());
        }
    }

    /**
     * How long a session outlives the last sign of its client.
     *
     * @return the session timeout
     */
    public Duration sessionTimeout() {
        return sessionTimeout;
    }

    void removed(ServerConnection connection) {
        if (connections.remove(connection) && connection.authenticated()) {
            authenticated.decrementAndGet();
        }
        pendingHandshakes.remove(connection);
    }

    /**
     * The registry's snapshot.
     *
     * @return the info
     */
    public ManagerInfo info() {
        List<ConnectionInfo> infos = connections.stream().filter(ServerConnection::authenticated)
                .sorted(Comparator.comparingLong(c -> Long.parseLong(c.id())))
                .map(c -> c.info(registry.locksHeldBy(c.sessionId()))).toList();
        return new ManagerInfo(serverInfo(), registry.infos(), infos);
    }

    /**
     * A cheap summary: counts and uptime, without visiting any hosted object.
     *
     * @return the summary
     */
    public ManagerStats stats() {
        int open = (int) connections.stream().filter(ServerConnection::authenticated).count();
        Map<String, Integer> byType = registry.countsByType();
        return new ManagerStats(serverInfo(), byType.values().stream().mapToInt(Integer::intValue).sum(), byType, open);
    }

    private ServerInfo serverInfo() {
        return new ServerInfo(boundAddress == null ? requested.toString() : boundAddress,
                ProcessHandle.current().pid(), Duration.between(startedAt, Instant.now()), Version.CURRENT);
    }

    /**
     * The object registry's size, for tests and health.
     *
     * @return the number of hosted objects
     */
    public int objectCount() {
        return registry.size();
    }

    /**
     * Blocks until the server is closed.
     *
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public void awaitClosed() throws InterruptedException {
        closed.await();
    }

    /**
     * Whether the server was closed.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return closed.getCount() == 0;
    }

    /**
     * Removes the private directory created for the socket ({@code mo-*}, now empty), so nothing is left
     * in the temp directory even when the process that made it died without cleaning up.
     */
    private static void removePrivateDirectory(@Nullable Path dir) {
        if (dir != null && dir.getFileName() != null && dir.getFileName().toString().startsWith("mo-")) {
            try {
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                // not empty, or already removed: leave it
            }
        }
    }

    /** Stops accepting, closes every connection and forgets every object. */
    @Override
    public void close() {
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
        }
        try {
            if (listener != null) {
                listener.close();
            }
        } catch (IOException e) {
            // closing anyway
        }
        connections.forEach(ServerConnection::close);
        registry.close();
        timers.shutdownNow();
        workers.shutdown();
        sessionWatch.shutdownNow();
        if (requested.isUnix() && boundAddress != null) {
            try {
                Files.deleteIfExists(requested.unixPath());
                removePrivateDirectory(requested.unixPath().getParent());
            } catch (IOException e) {
                // a stale socket file is removed by the next server on this path
            }
        }
        closed.countDown();
    }
}
