package io.managedobjects;

import io.managedobjects.internal.client.ClientManagers;
import io.managedobjects.internal.Address;
import io.managedobjects.internal.ManagerSettings;
import io.managedobjects.internal.backend.Backends;
import io.managedobjects.internal.backend.ManagerBackend;
import io.managedobjects.internal.process.ServerMain;
import io.managedobjects.internal.wire.Tls;
import io.managedobjects.internal.TypeRegistration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Configures a manager, then forks a server ({@link #start()}) or connects to a running one
 * ({@link #connect()}). Obtain one from {@link Manager#builder()}.
 */
public final class ManagerBuilder {

    private @Nullable String address;
    private byte @Nullable [] authKey;
    private final List<String> trustedPackages = new ArrayList<>();
    private final List<String> jvmArgs = new ArrayList<>();
    private final List<String> processJvmArgs = new ArrayList<>();
    private Duration startTimeout = Duration.ofSeconds(60);
    private int maxFrameBytes = ManagerSettings.DEFAULT_MAX_FRAME_BYTES;
    private java.time.Duration sessionTimeout = ManagerSettings.DEFAULT_SESSION_TIMEOUT;
    private int connections = ManagerSettings.DEFAULT_CONNECTIONS;
    private final List<TypeRegistration> registrations = new ArrayList<>();
    private @Nullable CallObserver callObserver;
    private javax.net.ssl.@Nullable SSLContext sslContext;
    private boolean verifyHostname = true;
    private @Nullable ProcessOutput processOutput;
    private int serverMaxConnections = io.managedobjects.internal.server.ServerEngine.DEFAULT_MAX_CONNECTIONS;
    private Duration serverHandshakeTimeout = ServerMain.DEFAULT_HANDSHAKE_TIMEOUT;

    ManagerBuilder() {
    }

    /**
     * The address: for {@link #start()}, where the forked server listens (default: a Unix socket in a
     * fresh private directory; {@code tcp://127.0.0.1:0} picks a free loopback port); for
     * {@link #connect()}, the server to attach to.
     *
     * @param address {@code unix:/path/to/socket} or {@code tcp://host:port}; with the module
     *     {@code managed-objects-redis} also {@code redis://[:password@]host:port[/db]}, {@code rediss://…} (TLS) or
     *     {@code redis-socket:///path/to/redis.sock}, for {@link #connect()}
     * @return this builder
     * @throws IllegalArgumentException if the address is malformed, or needs a module that is not on the classpath
     */
    public ManagerBuilder address(String address) {
        ManagerBackend backend = Backends.forAddress(address);
        if (backend != null) {
            backend.validate(address);
            this.address = address;
        } else {
            this.address = ManagerSettings.validateAddress(address);
        }
        return this;
    }

    /**
     * The auth key. A forked server gets 32 random bytes by default.
     *
     * @param authKey the shared secret, at least 16 bytes (32 random bytes are best); copied
     * @return this builder
     * @throws IllegalArgumentException if the key is shorter than 16 bytes
     */
    public ManagerBuilder authKey(byte[] authKey) {
        this.authKey = ManagerSettings.validateAuthKey(authKey).clone();
        return this;
    }

    /**
     * Packages whose classes (records, enums, beans, exceptions) may cross the boundary as values;
     * sub-packages included. JDK value types and collections are always allowed.
     *
     * @param packages package names such as {@code com.example.orders}
     * @return this builder
     */
    public ManagerBuilder trustedPackages(String... packages) {
        for (String pkg : packages) {
            trustedPackages.add(ManagerSettings.validatePackage(pkg));
        }
        return this;
    }

    /**
     * Lets the forked server host instances of a class: Python's {@code register(typeid, callable)}. The
     * type id is {@link ManagedObject#value()} or the simple class name; proxies extend the class (it
     * must not be final, nor have public final methods), or register an interface with
     * {@link #register(Class, Class)}. Registered classes' packages are trusted for values.
     *
     * @param type the class
     * @return this builder
     */
    public ManagerBuilder register(Class<?> type) {
        return add(TypeRegistration.of(null, type, type));
    }

    /**
     * Lets the forked server host instances of a class under a type id of your choice.
     *
     * @param typeId the type id
     * @param type the class
     * @return this builder
     */
    public ManagerBuilder register(String typeId, Class<?> type) {
        return add(TypeRegistration.of(typeId, type, type));
    }

    /**
     * Lets the forked server host instances of {@code implementation}, handed out as proxies of the
     * interface (or superclass) {@code api}: {@code manager.create(api, ...)} then works.
     *
     * @param <T> the proxies' type
     * @param api the type proxies implement
     * @param implementation the class instantiated on the server
     * @return this builder
     */
    public <T> ManagerBuilder register(Class<T> api, Class<? extends T> implementation) {
        return add(TypeRegistration.of(null, api, implementation));
    }

    /**
     * Lets the forked server host instances of {@code implementation} under a type id, as proxies of {@code api}.
     *
     * @param <T> the proxies' type
     * @param typeId the type id
     * @param api the type proxies implement
     * @param implementation the class instantiated on the server
     * @return this builder
     */
    public <T> ManagerBuilder register(String typeId, Class<T> api, Class<? extends T> implementation) {
        return add(TypeRegistration.of(typeId, api, implementation));
    }

    private ManagerBuilder add(TypeRegistration registration) {
        ManagerSettings.checkUnique(registrations, registration);
        registrations.add(registration);
        return this;
    }

    /**
     * Extra JVM options of a forked server, e.g. {@code -Xmx2g}. The server starts with {@code -XX:+UseSerialGC -Xms8m}
     * (a heap that grows with its data) unless these options, or {@code JAVA_TOOL_OPTIONS}-style variables, choose a
     * collector or shape the heap ({@code -XX:+Use…GC}, {@code -Xms}, {@code -Xmn}, {@code NewSize}, {@code NewRatio},
     * {@code InitialRAMPercentage}, {@code Min}/{@code MaxHeapFreeRatio}).
     *
     * @param args JVM options
     * @return this builder
     */
    public ManagerBuilder jvmArgs(String... args) {
        jvmArgs.addAll(Arrays.asList(args));
        return this;
    }

    /**
     * Extra JVM options of the child processes this manager starts ({@code process(...)}), after the options they
     * inherit from this JVM; a child's own children inherit them in turn. Pool workers run under the server and take
     * its options ({@link #jvmArgs(String...)}) instead.
     *
     * <p>For example {@code -Xmx256m}, or {@code -XX:TieredStopAtLevel=1} for children that make many calls and
     * compute little: a fresh JVM then compiles its calling code at once with the quick compiler only, instead of
     * spending its first seconds compiling it again with the optimising one (on 2 vCPUs, 4 children putting at once
     * make about twice as many calls in their first 20,000 each). A child that computes at length runs slower with it.
     *
     * @param args JVM options
     * @return this builder
     */
    public ManagerBuilder processJvmArgs(String... args) {
        processJvmArgs.addAll(Arrays.asList(args));
        return this;
    }

    /**
     * How long {@link #start()} waits for the forked server to accept connections (default 60 s).
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public ManagerBuilder startTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("startTimeout must be positive, was " + timeout);
        }
        this.startTimeout = timeout;
        return this;
    }

    /**
     * How many authenticated connections the forked server ({@link #start()}) keeps open at once (default
     * 1024), as {@link ManagerServer.Builder#maxConnections} does for an embedded one.
     *
     * @param limit at least 1
     * @return this builder
     */
    public ManagerBuilder serverMaxConnections(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("serverMaxConnections must be at least 1, was " + limit);
        }
        this.serverMaxConnections = limit;
        return this;
    }

    /**
     * How long a new connection to the forked server ({@link #start()}) may take to authenticate before it
     * is closed (default 10 s), as {@link ManagerServer.Builder#handshakeTimeout} does for an embedded one.
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public ManagerBuilder serverHandshakeTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("serverHandshakeTimeout must be positive, was " + timeout);
        }
        this.serverHandshakeTimeout = timeout;
        return this;
    }

    /**
     * The largest frame either side accepts (default 64 MiB); a bigger frame closes its connection. The
     * server is told this client's limit: a reply above it fails its call with a {@link ManagerException}
     * naming the size and the limit, and an item a queue would hand out in it stays queued.
     *
     * @param bytes the limit in bytes
     * @return this builder
     */
    public ManagerBuilder maxFrameBytes(int bytes) {
        if (bytes < 1024) {
            throw new IllegalArgumentException("maxFrameBytes must be at least 1024, was " + bytes);
        }
        this.maxFrameBytes = bytes;
        return this;
    }

    /**
     * How long a session outlives the last sign of life of its client (default 15 s, at least 1 s). A
     * client sends a heartbeat every third of the server's timeout; when a client vanishes without closing
     * its connections (its host crashed, the network was cut, the process was frozen), the server ends its
     * session after this time — its locks and permits are released, its waits cancelled, a barrier it
     * waited at broken — and a client whose server vanished gets {@link ManagerConnectionException} within
     * this time instead of waiting forever. The server's value rules: this one is used for the server a
     * {@link #start()} forks; a client that connects follows its server's.
     *
     * @param timeout the timeout
     * @return this builder
     */
    public ManagerBuilder sessionTimeout(java.time.Duration timeout) {
        this.sessionTimeout = ManagerSettings.validateSessionTimeout(timeout);
        return this;
    }

    /**
     * How many connections the manager opens to its server, at most (default
     * {@value ManagerSettings#DEFAULT_CONNECTIONS}). Every calling thread shares them, however many threads
     * there are and however short their lives: a call carries its own id and its thread's identity, replies
     * come back in any order, and a call that waits on the server ({@code lock}, {@code take}) holds up no
     * other thread's call. A thread that never called before opens no connection and runs no handshake.
     * More connections spread heavy concurrent traffic over more server threads; the server's connection
     * count stays this number per manager whatever the number of threads.
     *
     * @param count between 1 and 64
     * @return this builder
     */
    public ManagerBuilder connections(int count) {
        this.connections = ManagerSettings.validateConnections(count);
        return this;
    }

    /**
     * Observes every call of the manager, e.g. to record metrics.
     *
     * @param observer called after each call, on the calling thread
     * @return this builder
     */
    public ManagerBuilder callObserver(CallObserver observer) {
        this.callObserver = observer;
        return this;
    }

    /**
     * Sends the output of the processes this manager starts (the forked server and its pool workers, child
     * processes) to {@code output} line by line, instead of copying it to this process's {@code System.out} and
     * {@code System.err}; see {@link ProcessOutput}.
     *
     * @param output where each line goes
     * @return this builder
     */
    public ManagerBuilder processOutput(ProcessOutput output) {
        this.processOutput = Objects.requireNonNull(output, "output");
        return this;
    }

    /**
     * Connects with TLS 1.3 to a server that uses TLS ({@link ManagerServer.Builder#sslContext}), on a
     * {@code tcp://} address; the HMAC handshake with the auth key still runs inside TLS. The context's
     * trust material must trust the server's certificate, which must name the host of the address (as
     * HTTPS checks it); its key material is the client certificate when the server requires one. A client
     * with TLS refuses a server without it, and the reverse, saying which side expects TLS. Child
     * processes and pools are not available through a TLS connection (they cannot be handed the context).
     *
     * @param context the SSL context, e.g. from {@code SSLContext.getInstance("TLS")} initialised with key
     *     and trust managers, or a Spring Boot SSL bundle's
     * @return this builder
     */
    public ManagerBuilder sslContext(javax.net.ssl.SSLContext context) {
        return sslContext(context, true);
    }

    /**
     * Connects with TLS 1.3, as {@link #sslContext(javax.net.ssl.SSLContext)} does, choosing whether the server's
     * certificate must name the host of the address. Without that check only the certificate chain is verified:
     * use it for a loopback connection to a server whose certificate names its public host, never across a
     * network (anyone holding a certificate the context trusts could then pose as the server).
     *
     * @param context the SSL context
     * @param verifyHostname whether the certificate must name the host of the address
     * @return this builder
     */
    public ManagerBuilder sslContext(javax.net.ssl.SSLContext context, boolean verifyHostname) {
        this.sslContext = java.util.Objects.requireNonNull(context, "context");
        this.verifyHostname = verifyHostname;
        return this;
    }

    /**
     * Forks a manager server JVM with this process's classpath and connects to it.
     *
     * @return the owner of the server: closing it shuts the server down
     * @throws ManagerException if the server does not start within the start timeout
     */
    public Manager start() {
        if (address != null && Backends.forAddress(address) != null) {
            throw new IllegalStateException("start() forks a manager server, which listens on a unix: or tcp:// address; connect to "
                    + Backends.redacted(address) + " with connect()");
        }
        if (sslContext != null) {
            throw new IllegalStateException("sslContext(...) applies to connect(): start() forks a server that cannot be handed the "
                    + "SSL context. To serve TLS, run a ManagerServer with ManagerServer.builder().sslContext(...) (in Spring Boot, "
                    + "managed-objects.mode=embedded with managed-objects.ssl.bundle)");
        }
        List<String> serverJvmArgs = new ArrayList<>(jvmArgs);
        serverJvmArgs.addAll(ServerMain.limitArguments(serverMaxConnections, serverHandshakeTimeout));
        return ClientManagers.fork(settings(), List.copyOf(serverJvmArgs), startTimeout, callObserver, processOutput);
    }

    /**
     * Connects to the running server at {@link #address(String)} with {@link #authKey(byte[])}.
     *
     * @return a client: closing it only disconnects
     * @throws AuthenticationException if the key is wrong
     * @throws ManagerConnectionException if the server cannot be reached
     */
    public Manager connect() {
        if (address == null) {
            throw new IllegalStateException("connect() needs the server's address: call address(\"unix:/path\" or \"tcp://host:port\")");
        }
        ManagerBackend backend = Backends.forAddress(address);
        if (backend != null) {
            if (authKey != null) {
                throw new IllegalStateException("An auth key authenticates to a manager server; " + Backends.redacted(address)
                        + " is not one: leave authKey(...) out, and give Redis's password (or ACL user) in the address, "
                        + "redis://[user]:password@host:port");
            }
            if (sslContext != null) {
                throw new IllegalStateException("sslContext(...) applies to tcp:// manager servers; for Redis over TLS use a rediss:// "
                        + "address (the JDK's trust store, javax.net.ssl.trustStore, decides whom to trust)");
            }
            return backend.connect(settings(), callObserver, processOutput);
        }
        if (authKey == null) {
            throw new IllegalStateException("connect() needs the server's auth key: call authKey(...)");
        }
        if (sslContext != null && Address.parse(address).isUnix()) {
            throw new IllegalStateException("sslContext(...) needs a tcp:// address, not " + address
                    + ": a Unix socket is protected by its file permissions and is never encrypted");
        }
        return ClientManagers.connect(settings(), callObserver, processOutput);
    }

    private ManagerSettings settings() {
        return new ManagerSettings(address, authKey, List.copyOf(trustedPackages), maxFrameBytes, List.copyOf(registrations),
                sessionTimeout, connections, sslContext == null ? null : new Tls(sslContext, false, verifyHostname),
                List.copyOf(processJvmArgs));
    }

    @Override
    public String toString() {
        return "ManagerBuilder[address=" + (address == null ? "(fork default)" : Backends.redacted(address)) + ", authKey=" + (authKey == null ? "(random)" : "(set)")
                + ", trustedPackages=" + trustedPackages + "]";
    }
}
