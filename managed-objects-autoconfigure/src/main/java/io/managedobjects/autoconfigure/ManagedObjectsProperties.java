package io.managedobjects.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.util.unit.DataSize;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of managed-objects, under {@code managed-objects.*}.
 */
@ConfigurationProperties("managed-objects")
public class ManagedObjectsProperties {

    /** Whether to auto-configure a Manager and inject shared objects. */
    private boolean enabled = true;

    /**
     * Where the manager server runs: 'auto' connects to 'address' when it is set and forks a server
     * otherwise; 'fork' starts a server process; 'embedded' hosts the server in this JVM; 'client'
     * connects to the server at 'address'.
     */
    private Mode mode = Mode.AUTO;

    /**
     * Address of the server: the one to connect to in client mode, the one to listen on in fork and
     * embedded modes ("unix:/path/to/socket" or "tcp://host:port"; port 0 picks a free port). Default for
     * fork and embedded: a Unix socket in a fresh private directory.
     */
    private @Nullable String address;

    /**
     * Auth key as text (its UTF-8 bytes are the key, at least 16 of them). Default for fork and embedded:
     * 32 random bytes.
     */
    private @Nullable String authKey;

    /**
     * File holding the auth key (its bytes are the key, at least 16 of them), instead of 'auth-key'. When a server is started
     * with a random key, the key is written to a new owner-only file and its path logged, for other
     * instances to use here.
     */
    private @Nullable Path authKeyFile;

    /** Registered classes to host besides the @ManagedObject classes found in the application's packages. */
    private List<Class<?>> types = new ArrayList<>();

    /**
     * How long a session outlives the last sign of life of its client (at least 1 s): a client that vanishes
     * without closing its connections (host crash, network cut, frozen process) has its locks and permits
     * released after it, and a client whose server vanished gets an error within it. Clients send a heartbeat
     * every third of it. The server's value rules: it is used by a forked or embedded server, and a client
     * follows its server's.
     */
    private Duration sessionTimeout = Duration.ofSeconds(15);

    /**
     * How many connections the application's manager opens to its server, at most (1 to 64). Every calling
     * thread shares them, however many there are and however short their lives (a thread per request, virtual
     * threads): a call carries its own id, and a call waiting on the server holds up no other.
     */
    private int connections = 4;

    /**
     * Where the output of the processes this application starts goes (the forked server and its pool workers,
     * child processes): 'log' sends each line through the application's logging (loggers
     * io.managedobjects.process.*, so log levels and structured logging apply); 'inherit' copies it to this
     * process's standard output and error as it comes.
     */
    private ProcessOutputMode processOutput = ProcessOutputMode.LOG;

    /**
     * Extra JVM options of the child processes this application starts (Manager.process(...)), after those they
     * inherit from this JVM; e.g. -Xmx256m, or -XX:TieredStopAtLevel=1 for children that make many calls and compute
     * little. Pool workers take the server's options (managed-objects.server.jvm-args).
     */
    private List<String> processJvmArgs = new ArrayList<>();

    private final Server server = new Server();

    private final Redis redis = new Redis();

    private final Serialization serialization = new Serialization();

    private final Ssl ssl = new Ssl();

    /** @return whether to auto-configure a Manager */
    public boolean isEnabled() {
        return enabled;
    }

    /** @param enabled whether to auto-configure a Manager */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** @return where the server runs */
    public Mode getMode() {
        return mode;
    }

    /** @param mode where the server runs */
    public void setMode(Mode mode) {
        this.mode = mode;
    }

    /** @return the server address, or null for the default */
    public @Nullable String getAddress() {
        return address;
    }

    /** @param address the server address */
    public void setAddress(@Nullable String address) {
        this.address = address;
    }

    /** @return the auth key text */
    public @Nullable String getAuthKey() {
        return authKey;
    }

    /** @param authKey the auth key text */
    public void setAuthKey(@Nullable String authKey) {
        this.authKey = authKey;
    }

    /** @return the auth key file */
    public @Nullable Path getAuthKeyFile() {
        return authKeyFile;
    }

    /** @param authKeyFile the auth key file */
    public void setAuthKeyFile(@Nullable Path authKeyFile) {
        this.authKeyFile = authKeyFile;
    }

    /** @return the session timeout */
    public Duration getSessionTimeout() {
        return sessionTimeout;
    }

    /** @param sessionTimeout the session timeout */
    public void setSessionTimeout(Duration sessionTimeout) {
        this.sessionTimeout = sessionTimeout;
    }

    /** @return how many connections the manager opens at most */
    public int getConnections() {
        return connections;
    }

    /** @param connections how many connections the manager opens at most */
    public void setConnections(int connections) {
        this.connections = connections;
    }

    /** @return where the output of started processes goes */
    public ProcessOutputMode getProcessOutput() {
        return processOutput;
    }

    /** @param processOutput where the output of started processes goes */
    public void setProcessOutput(ProcessOutputMode processOutput) {
        this.processOutput = processOutput;
    }

    /** @return the extra JVM options of child processes */
    public List<String> getProcessJvmArgs() {
        return processJvmArgs;
    }

    /** @param processJvmArgs the extra JVM options of child processes */
    public void setProcessJvmArgs(List<String> processJvmArgs) {
        this.processJvmArgs = processJvmArgs;
    }

    /** @return extra classes to host */
    public List<Class<?>> getTypes() {
        return types;
    }

    /** @param types extra classes to host */
    public void setTypes(List<Class<?>> types) {
        this.types = types;
    }

    /** @return settings of a server this application starts */
    public Server getServer() {
        return server;
    }

    /** @return the settings of a Redis backend */
    public Redis getRedis() {
        return redis;
    }

    /** @return settings of value serialization */
    public Serialization getSerialization() {
        return serialization;
    }

    /** @return settings of TLS */
    public Ssl getSsl() {
        return ssl;
    }

    /** Where the manager server runs. */
    public enum Mode {
        /** Connect if 'address' is set, else fork. */
        AUTO,
        /** Start a manager server process, stopped with the application. */
        FORK,
        /** Host the manager server in this JVM. */
        EMBEDDED,
        /** Connect to the server at 'address'. */
        CLIENT
    }

    /** Where the output of the processes this application starts goes. */
    public enum ProcessOutputMode {
        /** Each line through the application's logging. */
        LOG,
        /** Copied to this process's standard output and error. */
        INHERIT
    }

    /** Settings of a server this application starts (fork and embedded modes). */
    public static class Server {

        /**
         * Extra JVM options of the forked server process, e.g. -Xmx1g. A collector or heap-sizing option replaces the
         * server's defaults (-XX:+UseSerialGC -Xms8m).
         */
        private List<String> jvmArgs = new ArrayList<>();

        /** How long to wait for the forked server to accept connections. */
        private Duration startTimeout = Duration.ofSeconds(60);

        /**
         * The largest message (frame) the server and this application's manager accept; a bigger one closes its
         * connection, and a value too large to send fails its call with an error naming the size.
         */
        private DataSize maxFrameSize = DataSize.ofMegabytes(64);

        /**
         * How many authenticated connections the server keeps open at once; a client beyond it is refused with an
         * error saying so. Each application's manager uses at most 'connections' of them.
         */
        private int maxConnections = 1024;

        /** How long a new connection may take to authenticate (TLS and the auth key) before the server closes it. */
        private Duration handshakeTimeout = Duration.ofSeconds(10);

        /** @return the extra JVM options */
        public List<String> getJvmArgs() {
            return jvmArgs;
        }

        /** @param jvmArgs the extra JVM options */
        public void setJvmArgs(List<String> jvmArgs) {
            this.jvmArgs = jvmArgs;
        }

        /** @return the start timeout */
        public Duration getStartTimeout() {
            return startTimeout;
        }

        /** @param startTimeout the start timeout */
        public void setStartTimeout(Duration startTimeout) {
            this.startTimeout = startTimeout;
        }

        /** @return the largest frame accepted */
        public DataSize getMaxFrameSize() {
            return maxFrameSize;
        }

        /** @param maxFrameSize the largest frame accepted */
        public void setMaxFrameSize(DataSize maxFrameSize) {
            this.maxFrameSize = maxFrameSize;
        }

        /** @return how many authenticated connections the server keeps open at once */
        public int getMaxConnections() {
            return maxConnections;
        }

        /** @param maxConnections how many authenticated connections the server keeps open at once */
        public void setMaxConnections(int maxConnections) {
            this.maxConnections = maxConnections;
        }

        /** @return how long a new connection may take to authenticate */
        public Duration getHandshakeTimeout() {
            return handshakeTimeout;
        }

        /** @param handshakeTimeout how long a new connection may take to authenticate */
        public void setHandshakeTimeout(Duration handshakeTimeout) {
            this.handshakeTimeout = handshakeTimeout;
        }
    }

    /**
     * Settings of the Redis backend (managed-objects.address=redis://…, with the module managed-objects-redis). Its
     * sessions' lease is managed-objects.session-timeout, as on a manager server.
     */
    public static class Redis {

        /**
         * The prefix of every key this application's objects use in Redis (default mo:), appended to
         * managed-objects.address as its prefix parameter: applications sharing one Redis with different prefixes
         * keep apart.
         */
        private @Nullable String prefix;

        /** @return the key prefix, or null for the default */
        public @Nullable String getPrefix() {
            return prefix;
        }

        /** @param prefix the key prefix */
        public void setPrefix(@Nullable String prefix) {
            this.prefix = prefix;
        }
    }

    /** Settings of the values that cross the process boundary. */
    public static class Serialization {

        /**
         * Packages whose records, enums and classes may cross the boundary as values (sub-packages
         * included), besides the application's own packages, which are always trusted.
         */
        private List<String> trustedPackages = new ArrayList<>();

        /** @return the trusted packages */
        public List<String> getTrustedPackages() {
            return trustedPackages;
        }

        /** @param trustedPackages the trusted packages */
        public void setTrustedPackages(List<String> trustedPackages) {
            this.trustedPackages = trustedPackages;
        }
    }

    /** TLS of tcp:// connections (embedded and client modes). */
    public static class Ssl {

        /**
         * Name of the Spring Boot SSL bundle (spring.ssl.bundle.jks.NAME.* or spring.ssl.bundle.pem.NAME.*) that turns
         * tcp:// connections into TLS 1.3: an embedded server presents the bundle's key as its certificate; a client
         * trusts the server through the bundle's trust store and presents its key when the server asks. The auth key
         * is still checked inside TLS.
         */
        private @Nullable String bundle;

        /** Whether an embedded server requires clients to present a certificate its bundle's trust store trusts. */
        private ClientAuth clientAuth = ClientAuth.NONE;

        /** @return the SSL bundle name, or null for no TLS */
        public @Nullable String getBundle() {
            return bundle;
        }

        /** @param bundle the SSL bundle name */
        public void setBundle(@Nullable String bundle) {
            this.bundle = bundle;
        }

        /** @return whether clients must present a certificate */
        public ClientAuth getClientAuth() {
            return clientAuth;
        }

        /** @param clientAuth whether clients must present a certificate */
        public void setClientAuth(ClientAuth clientAuth) {
            this.clientAuth = clientAuth;
        }
    }

    /** Whether an embedded server asks clients for a certificate. */
    public enum ClientAuth {
        /** Clients need no certificate (the auth key still authenticates them). */
        NONE,
        /** Clients must present a certificate that the server's trust store trusts (mutual TLS). */
        NEED
    }
}
