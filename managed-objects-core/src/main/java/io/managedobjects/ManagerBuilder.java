package io.managedobjects;

import io.managedobjects.internal.client.ClientManagers;
import io.managedobjects.internal.ManagerSettings;
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
    private Duration startTimeout = Duration.ofSeconds(60);
    private int maxFrameBytes = ManagerSettings.DEFAULT_MAX_FRAME_BYTES;

    ManagerBuilder() {
    }

    /**
     * The address: for {@link #start()}, where the forked server listens (default: a Unix socket in a
     * fresh private directory; {@code tcp://127.0.0.1:0} picks a free loopback port); for
     * {@link #connect()}, the server to attach to.
     *
     * @param address {@code unix:/path/to/socket} or {@code tcp://host:port}
     * @return this builder
     */
    public ManagerBuilder address(String address) {
        this.address = ManagerSettings.validateAddress(address);
        return this;
    }

    /**
     * The auth key. A forked server gets 32 random bytes by default.
     *
     * @param authKey the shared secret; copied
     * @return this builder
     */
    public ManagerBuilder authKey(byte[] authKey) {
        if (authKey.length == 0) {
            throw new IllegalArgumentException("The auth key is empty: give at least one byte (32 random bytes are best)");
        }
        this.authKey = authKey.clone();
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
     * Extra JVM options of a forked server, e.g. {@code -Xmx2g}.
     *
     * @param args JVM options
     * @return this builder
     */
    public ManagerBuilder jvmArgs(String... args) {
        jvmArgs.addAll(Arrays.asList(args));
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
     * The largest frame either side accepts (default 64 MiB); a bigger frame closes its connection.
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
     * Forks a manager server JVM with this process's classpath and connects to it.
     *
     * @return the owner of the server: closing it shuts the server down
     * @throws ManagerException if the server does not start within the start timeout
     */
    public Manager start() {
        return ClientManagers.fork(settings(), List.copyOf(jvmArgs), startTimeout);
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
        if (authKey == null) {
            throw new IllegalStateException("connect() needs the server's auth key: call authKey(...)");
        }
        return ClientManagers.connect(settings());
    }

    private ManagerSettings settings() {
        return new ManagerSettings(address, authKey, List.copyOf(trustedPackages), maxFrameBytes);
    }

    @Override
    public String toString() {
        return "ManagerBuilder[address=" + Objects.requireNonNullElse(address, "(fork default)") + ", authKey=" + (authKey == null ? "(random)" : "(set)")
                + ", trustedPackages=" + trustedPackages + "]";
    }
}
