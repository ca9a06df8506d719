package io.managedobjects;

import io.managedobjects.internal.Address;
import io.managedobjects.internal.ManagerSettings;
import io.managedobjects.internal.wire.Tls;
import io.managedobjects.internal.TypeRegistration;
import io.managedobjects.internal.server.ServerEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A manager server hosted inside this JVM (embedded mode): Python's
 * {@code manager.get_server().serve_forever()}. Other JVMs attach with
 * {@link Manager#connect(String, byte[])}; so can this one.
 *
 * <pre>{@code
 * try (ManagerServer server = ManagerServer.builder().address("tcp://127.0.0.1:50000").authKey(key).build().start()) {
 *     server.serveForever();
 * }
 * }</pre>
 */
public final class ManagerServer implements AutoCloseable {

    private final ServerEngine engine;

    private ManagerServer(ServerEngine engine) {
        this.engine = engine;
    }

    /**
     * A builder for an embedded server.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds the address and starts serving in background threads. Calling it again does nothing.
     *
     * @return this server
     * @throws ManagerException if the address cannot be bound
     */
    public ManagerServer start() {
        engine.start();
        return this;
    }

    /**
     * The address actually bound (the real port when port 0 was asked for).
     *
     * @return {@code unix:/path} or {@code tcp://host:port}
     * @throws IllegalStateException before {@link #start()}
     */
    public String address() {
        return engine.address();
    }

    /**
     * Starts the server if needed, then blocks until it is closed.
     *
     * @throws InterruptedException if the calling thread is interrupted (the server keeps running)
     */
    public void serveForever() throws InterruptedException {
        engine.start();
        engine.awaitClosed();
    }

    /**
     * A snapshot of this server, without a connection.
     *
     * @return the server, its objects and connections
     */
    public ManagerInfo info() {
        return engine.info();
    }

    /**
     * A cheap summary of this server (counts and uptime), without a connection.
     *
     * @return the server, and its numbers of objects (in all and by type) and connections
     */
    public ManagerStats stats() {
        return engine.stats();
    }

    /**
     * How long a session outlives the last sign of life of its client ({@link Builder#sessionTimeout}).
     *
     * @return the session timeout
     */
    public Duration sessionTimeout() {
        return engine.sessionTimeout();
    }

    /** Stops accepting, closes every connection and frees every hosted object. */
    @Override
    public void close() {
        engine.close();
    }

    @Override
    public String toString() {
        return "ManagerServer[" + (engine.isClosed() ? "closed" : "open") + "]";
    }

    /** Configures an embedded {@link ManagerServer}. */
    public static final class Builder {

        private String address = "tcp://127.0.0.1:0";
        private byte @Nullable [] authKey;
        private final List<String> trustedPackages = new ArrayList<>();
        private int maxFrameBytes = ManagerSettings.DEFAULT_MAX_FRAME_BYTES;
        private Duration sessionTimeout = ManagerSettings.DEFAULT_SESSION_TIMEOUT;
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private int maxConnections = ServerEngine.DEFAULT_MAX_CONNECTIONS;
        private javax.net.ssl.@Nullable SSLContext sslContext;
        private boolean needClientAuth;
        private final List<TypeRegistration> registrations = new ArrayList<>();

        private Builder() {
        }

        /**
         * Where to listen (default {@code tcp://127.0.0.1:0}: loopback, a free port).
         *
         * @param address {@code unix:/path/to/socket} or {@code tcp://host:port}
         * @return this builder
         */
        public Builder address(String address) {
            this.address = ManagerSettings.validateAddress(address);
            return this;
        }

        /**
         * The auth key clients must hold (required).
         *
         * @param authKey the shared secret, at least 16 bytes (32 random bytes are best); copied
         * @return this builder
         * @throws IllegalArgumentException if the key is shorter than 16 bytes
         */
        public Builder authKey(byte[] authKey) {
            this.authKey = ManagerSettings.validateAuthKey(authKey).clone();
            return this;
        }

        /**
         * Packages whose classes may cross the boundary as values (sub-packages included).
         *
         * @param packages package names
         * @return this builder
         */
        public Builder trustedPackages(String... packages) {
            for (String pkg : packages) {
                trustedPackages.add(ManagerSettings.validatePackage(pkg));
            }
            return this;
        }

        /**
         * Lets the server host instances of a class (see {@link ManagerBuilder#register(Class)}).
         *
         * @param type the class
         * @return this builder
         */
        public Builder register(Class<?> type) {
            return add(TypeRegistration.of(null, type, type));
        }

        /**
         * Lets the server host instances of a class under a type id.
         *
         * @param typeId the type id
         * @param type the class
         * @return this builder
         */
        public Builder register(String typeId, Class<?> type) {
            return add(TypeRegistration.of(typeId, type, type));
        }

        /**
         * Lets the server host instances of {@code implementation} as proxies of {@code api}.
         *
         * @param <T> the proxies' type
         * @param api the type proxies implement
         * @param implementation the class instantiated on the server
         * @return this builder
         */
        public <T> Builder register(Class<T> api, Class<? extends T> implementation) {
            return add(TypeRegistration.of(null, api, implementation));
        }

        private Builder add(TypeRegistration registration) {
            ManagerSettings.checkUnique(registrations, registration);
            registrations.add(registration);
            return this;
        }

        /**
         * The largest frame accepted (default 64 MiB).
         *
         * @param bytes the limit
         * @return this builder
         */
        public Builder maxFrameBytes(int bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("maxFrameBytes must be at least 1024, was " + bytes);
            }
            this.maxFrameBytes = bytes;
            return this;
        }

        /**
         * How long a new connection may take to authenticate before it is closed (default 10 s).
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder handshakeTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("handshakeTimeout must be positive, was " + timeout);
            }
            this.handshakeTimeout = timeout;
            return this;
        }

        /**
         * How long a session outlives the last sign of life of its client (default 15 s, at least 1 s):
         * clients send a heartbeat every third of it, and a client that vanishes without closing its
         * connections (host crash, network cut, frozen process) has its session ended after it — locks and
         * permits released, waits cancelled, barriers broken. Clients follow this value.
         *
         * @param timeout the timeout
         * @return this builder
         */
        public Builder sessionTimeout(Duration timeout) {
            this.sessionTimeout = ManagerSettings.validateSessionTimeout(timeout);
            return this;
        }

        /**
         * How many authenticated connections may be open at once (default 1024). A client beyond the limit
         * gets a {@link ManagerConnectionException} saying so. Each client thread uses one connection, plus
         * one per manager. Peers that have not authenticated yet do not count: at most 64 of them wait at
         * once (the oldest is closed to make room), each for at most the handshake timeout.
         *
         * @param limit the limit
         * @return this builder
         */
        public Builder maxConnections(int limit) {
            if (limit < 1) {
                throw new IllegalArgumentException("maxConnections must be at least 1, was " + limit);
            }
            this.maxConnections = limit;
            return this;
        }

        /**
         * Serves TLS 1.3 on its {@code tcp://} address: every connection runs the TLS handshake first, then the
         * HMAC handshake with the auth key inside it. The context's key material is the server's certificate
         * (it must name the host clients connect to); clients need an SSL context that trusts it
         * ({@link ManagerBuilder#sslContext}). A client without TLS is refused, and told that the server uses
         * TLS. Pools are not available on a TLS server (its worker processes cannot be handed the context).
         *
         * @param context the SSL context, e.g. a Spring Boot SSL bundle's
         * @return this builder
         */
        public Builder sslContext(javax.net.ssl.SSLContext context) {
            this.sslContext = java.util.Objects.requireNonNull(context, "context");
            return this;
        }

        /**
         * Whether clients must present a certificate that the SSL context's trust material trusts (mutual TLS;
         * default false). Needs {@link #sslContext}.
         *
         * @param need true to refuse clients without a trusted certificate
         * @return this builder
         */
        public Builder needClientAuth(boolean need) {
            this.needClientAuth = need;
            return this;
        }

        /**
         * Builds the server; {@link ManagerServer#start()} binds it.
         *
         * @return the server
         * @throws IllegalStateException if no auth key was given
         */
        public ManagerServer build() {
            if (authKey == null) {
                throw new IllegalStateException("An embedded server needs an auth key: call authKey(...) with the key its clients will use");
            }
            if (needClientAuth && sslContext == null) {
                throw new IllegalStateException("needClientAuth(true) needs sslContext(...): client certificates are part of TLS");
            }
            if (sslContext != null && Address.parse(address).isUnix()) {
                throw new IllegalStateException("sslContext(...) needs a tcp:// address, not " + address
                        + ": a Unix socket is protected by its file permissions and is never encrypted");
            }
            Tls tls = sslContext == null ? null : new Tls(sslContext, needClientAuth, true);
            return new ManagerServer(new ServerEngine(new ManagerSettings(address, authKey, List.copyOf(trustedPackages), maxFrameBytes,
                    List.copyOf(registrations), sessionTimeout, ManagerSettings.DEFAULT_CONNECTIONS, tls, List.of()),
                    handshakeTimeout, maxConnections));
        }
    }
}
