package io.managedobjects.autoconfigure;

import io.managedobjects.autoconfigure.ManagedObjectsProperties.Mode;
import io.managedobjects.internal.ManagerSettings;
import io.managedobjects.internal.backend.Backends;
import io.managedobjects.internal.backend.ManagerBackend;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import javax.net.ssl.SSLContext;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

/**
 * The resolved connection settings: the effective mode, the address and the auth key. A key generated
 * for a server this application starts is written to a new owner-only file (deleted on shutdown), so
 * other instances can use it with {@code managed-objects.auth-key-file}; the key itself is never logged.
 */
public final class ManagedObjectsConnection implements DisposableBean {

    private static final Log logger = LogFactory.getLog(ManagedObjectsConnection.class);

    private final Mode mode;
    private final @Nullable String address;
    private final byte[] authKey;
    private final boolean generated;
    private volatile @Nullable Path generatedKeyFile;
    private final @Nullable SslBundle ssl;

    private ManagedObjectsConnection(Mode mode, @Nullable String address, byte[] authKey, boolean generated, @Nullable SslBundle ssl) {
        this.mode = mode;
        this.address = address;
        this.authKey = authKey;
        this.generated = generated;
        this.ssl = ssl;
    }

    static ManagedObjectsConnection resolve(ManagedObjectsProperties properties, @Nullable ManagedObjectsConnectionDetails details,
            @Nullable SslBundles bundles) {
        if (details != null) {
            String address = details.getAddress();
            byte[] key = details.getAuthKey();
            try {
                ManagerSettings.validateAddress(address);
                ManagerSettings.validateAuthKey(key);
            } catch (IllegalArgumentException e) {
                throw new ManagedObjectsConfigurationException("The ManagedObjectsConnectionDetails bean is invalid: " + e.getMessage(),
                        "Make the ManagedObjectsConnectionDetails bean return unix:/path/to/socket or tcp://host:port and a key of at "
                                + "least " + ManagerSettings.MIN_AUTH_KEY_BYTES + " bytes.", e);
            }
            return new ManagedObjectsConnection(Mode.CLIENT, address, key.clone(), false, details.getSslBundle());
        }
        Mode mode = properties.getMode();
        String address = properties.getAddress();
        if (address != null && address.isBlank()) {
            address = null;
        }
        if (mode == Mode.AUTO) {
            mode = address != null ? Mode.CLIENT : Mode.FORK;
        }
        String prefix = properties.getRedis().getPrefix();
        if (address != null && backend(address) != null) {
            return backendConnection(properties, mode, address, prefix);
        }
        if (prefix != null) {
            throw new ManagedObjectsConfigurationException("managed-objects.redis.prefix is set, but managed-objects.address is "
                    + (address == null ? "not set" : address) + ", not a Redis address.",
                    "Set managed-objects.address to redis://host:port (with the module managed-objects-redis), or remove "
                            + "managed-objects.redis.prefix.", null);
        }
        if (address != null) {
            try {
                ManagerSettings.validateAddress(address);
            } catch (IllegalArgumentException e) {
                throw new ManagedObjectsConfigurationException("managed-objects.address is malformed: " + e.getMessage(),
                        "Set managed-objects.address to unix:/path/to/socket or tcp://host:port.", e);
            }
        }
        try {
            ManagerSettings.validateSessionTimeout(properties.getSessionTimeout());
        } catch (IllegalArgumentException e) {
            throw new ManagedObjectsConfigurationException("managed-objects.session-timeout is " + properties.getSessionTimeout()
                    + ": it must be at least 1 s.", "Set managed-objects.session-timeout to 1s or more (default 15s).", e);
        }
        try {
            ManagerSettings.validateConnections(properties.getConnections());
        } catch (IllegalArgumentException e) {
            throw new ManagedObjectsConfigurationException("managed-objects.connections is " + properties.getConnections()
                    + ": it must be between 1 and 64.", "Set managed-objects.connections to a number between 1 and 64 (default 4): every "
                    + "thread shares these connections.", e);
        }
        byte[] key = configuredKey(properties);
        if (mode == Mode.CLIENT) {
            if (address == null) {
                throw new ManagedObjectsConfigurationException("managed-objects.mode=client needs the address of a running manager server.",
                        "Set managed-objects.address to the server's address (e.g. tcp://10.0.0.5:50000 or unix:/path/to/socket), "
                                + "or use managed-objects.mode=fork to start a server.", null);
            }
            if (key == null) {
                throw new ManagedObjectsConfigurationException("Connecting to the manager server at " + address + " needs its auth key.",
                        "Set managed-objects.auth-key-file to the file holding the server's key (the starting instance logs its path), "
                                + "or managed-objects.auth-key.", null);
            }
            return new ManagedObjectsConnection(mode, address, key, false, sslBundle(properties, bundles, mode, address));
        }
        SslBundle ssl = sslBundle(properties, bundles, mode, address);
        if (key != null) {
            return new ManagedObjectsConnection(mode, address, key, false, ssl);
        }
        byte[] generated = new byte[32];
        new SecureRandom().nextBytes(generated);
        return new ManagedObjectsConnection(mode, address, generated, true, ssl);
    }

    /** The backend of an address other than a manager server's (Redis), or null; a missing module is a clear error. */
    private static @Nullable ManagerBackend backend(String address) {
        try {
            return Backends.forAddress(address);
        } catch (IllegalArgumentException e) {
            throw new ManagedObjectsConfigurationException("managed-objects.address " + Backends.redacted(address) + " needs a module "
                    + "that is not on the classpath.", e.getMessage(), e);
        }
    }

    /** A connection to a backend such as Redis: a client, without an auth key (its password is in the address). */
    private static ManagedObjectsConnection backendConnection(ManagedObjectsProperties properties, Mode mode, String address,
            @Nullable String prefix) {
        String shown = Backends.redacted(address);
        if (mode != Mode.CLIENT) {
            throw new ManagedObjectsConfigurationException("managed-objects.mode=" + mode.name().toLowerCase() + " starts a manager "
                    + "server, but managed-objects.address is " + shown + ", which is not one.",
                    "Use managed-objects.mode=client (or leave the mode out) to connect to " + shown + ".", null);
        }
        if (configuredKey(properties) != null) {
            throw new ManagedObjectsConfigurationException("managed-objects.auth-key(-file) is set, but " + shown + " is not a "
                    + "manager server: Redis authenticates with its own password.",
                    "Remove managed-objects.auth-key and managed-objects.auth-key-file, and give Redis's password (or ACL user) in "
                            + "the address: redis://[user]:password@host:port.", null);
        }
        String name = properties.getSsl().getBundle();
        if (name != null && !name.isBlank()) {
            throw new ManagedObjectsConfigurationException("managed-objects.ssl.bundle is set, but " + shown + " is a Redis address.",
                    "Use a rediss:// address for TLS to Redis (the JVM's trust store decides whom to trust), and remove "
                            + "managed-objects.ssl.bundle.", null);
        }
        String withPrefix = address;
        if (prefix != null) {
            if (address.contains("?prefix=") || address.contains("&prefix=")) {
                throw new ManagedObjectsConfigurationException("Both managed-objects.redis.prefix and the prefix parameter of "
                        + "managed-objects.address are set.", "Set the prefix in one place only.", null);
            }
            withPrefix = address + (address.contains("?") ? "&" : "?") + "prefix="
                    + java.net.URLEncoder.encode(prefix, StandardCharsets.UTF_8);
        }
        try {
            java.util.Objects.requireNonNull(backend(withPrefix)).validate(withPrefix);
        } catch (IllegalArgumentException e) {
            throw new ManagedObjectsConfigurationException("managed-objects.address is malformed: " + e.getMessage(),
                    "Set managed-objects.address to redis://[[user]:password@]host[:port][/database] (rediss:// for TLS).", e);
        }
        try {
            ManagerSettings.validateSessionTimeout(properties.getSessionTimeout());
        } catch (IllegalArgumentException e) {
            throw new ManagedObjectsConfigurationException("managed-objects.session-timeout is " + properties.getSessionTimeout()
                    + ": it must be at least 1 s.", "Set managed-objects.session-timeout to 1s or more (default 15s).", e);
        }
        return new ManagedObjectsConnection(Mode.CLIENT, withPrefix, new byte[0], false, null);
    }

    /**
     * Whether the address is another backend's (Redis), which has no auth key.
     *
     * @return true for such an address
     */
    boolean isBackend() {
        return authKey.length == 0;
    }

    private static @Nullable SslBundle sslBundle(ManagedObjectsProperties properties, @Nullable SslBundles bundles, Mode mode,
            @Nullable String address) {
        String name = properties.getSsl().getBundle();
        if (name == null || name.isBlank()) {
            if (properties.getSsl().getClientAuth() == ManagedObjectsProperties.ClientAuth.NEED) {
                throw new ManagedObjectsConfigurationException("managed-objects.ssl.client-auth=need needs TLS, and no "
                        + "managed-objects.ssl.bundle is set.", "Set managed-objects.ssl.bundle to the name of an SSL bundle "
                        + "(spring.ssl.bundle.jks.NAME.* or spring.ssl.bundle.pem.NAME.*), or remove managed-objects.ssl.client-auth.", null);
            }
            return null;
        }
        if (mode == Mode.FORK) {
            throw new ManagedObjectsConfigurationException("managed-objects.ssl.bundle is set, but a forked server cannot be handed "
                    + "the bundle's keys.", "Use managed-objects.mode=embedded (the server runs in this application, with TLS) or "
                            + "managed-objects.mode=client (to connect to a TLS server), with a tcp:// managed-objects.address.", null);
        }
        if (address == null || !address.startsWith("tcp://")) {
            throw new ManagedObjectsConfigurationException("managed-objects.ssl.bundle is set, but managed-objects.address is "
                    + (address == null ? "not set (a Unix socket)" : address) + ": TLS applies to tcp:// addresses only.",
                    "Set managed-objects.address to tcp://host:port (a Unix socket is protected by its file permissions), "
                            + "or remove managed-objects.ssl.bundle.", null);
        }
        if (bundles == null) {
            throw new ManagedObjectsConfigurationException("managed-objects.ssl.bundle is '" + name + "', but this application has "
                    + "no SSL bundles.", "Define the bundle with spring.ssl.bundle.jks." + name + ".* or spring.ssl.bundle.pem."
                            + name + ".*.", null);
        }
        try {
            return bundles.getBundle(name);
        } catch (NoSuchSslBundleException e) {
            throw new ManagedObjectsConfigurationException("managed-objects.ssl.bundle is '" + name + "', and no SSL bundle has "
                    + "that name.", "Define it with spring.ssl.bundle.jks." + name + ".* or spring.ssl.bundle.pem." + name
                            + ".*, or use one of " + bundles.getBundleNames() + ".", e);
        }
    }

    /**
     * The TLS context of the connection (and of an embedded server), from the SSL bundle.
     *
     * @return the context, or null without TLS
     */
    @Nullable SSLContext sslContext() {
        SslBundle bundle = ssl;
        return bundle == null ? null : bundle.createSslContext();
    }

    private static byte @Nullable [] configuredKey(ManagedObjectsProperties properties) {
        String text = properties.getAuthKey();
        Path file = properties.getAuthKeyFile();
        if (text != null && !text.isEmpty() && file != null) {
            throw new ManagedObjectsConfigurationException("Both managed-objects.auth-key and managed-objects.auth-key-file are set.",
                    "Set only one of them.", null);
        }
        if (file != null) {
            byte[] key;
            try {
                key = Files.readAllBytes(file);
                if (key.length == 0) {
                    throw new IOException("the file is empty");
                }
            } catch (IOException e) {
                throw new ManagedObjectsConfigurationException("managed-objects.auth-key-file " + file + " cannot be read: " + e.getMessage(),
                        "Point managed-objects.auth-key-file to a readable file holding the server's key.", e);
            }
            if (key.length < ManagerSettings.MIN_AUTH_KEY_BYTES) {
                throw new ManagedObjectsConfigurationException("managed-objects.auth-key-file " + file + " holds " + key.length
                        + " bytes; at least " + ManagerSettings.MIN_AUTH_KEY_BYTES + " are needed: a short key can be guessed.",
                        "Point managed-objects.auth-key-file to a file of at least " + ManagerSettings.MIN_AUTH_KEY_BYTES
                                + " bytes (32 random bytes are best, e.g. head -c 32 /dev/urandom > key).", null);
            }
            return key;
        }
        if (text == null || text.isEmpty()) {
            return null;
        }
        byte[] key = text.getBytes(StandardCharsets.UTF_8);
        if (key.length < ManagerSettings.MIN_AUTH_KEY_BYTES) {
            throw new ManagedObjectsConfigurationException("managed-objects.auth-key is " + key.length + " bytes; at least "
                    + ManagerSettings.MIN_AUTH_KEY_BYTES + " are needed: a short key can be guessed.",
                    "Set managed-objects.auth-key to a text of at least " + ManagerSettings.MIN_AUTH_KEY_BYTES
                            + " bytes in UTF-8 (32 random characters are best), or use managed-objects.auth-key-file.", null);
        }
        return key;
    }

    private static Path writeKeyFile(byte[] key) {
        try {
            Path dir;
            Path file;
            try {
                dir = Files.createTempDirectory("managed-objects-key-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                file = Files.createFile(dir.resolve("auth-key"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                dir = Files.createTempDirectory("managed-objects-key-");
                file = Files.createFile(dir.resolve("auth-key"));
            }
            Files.write(file, key);
            return file;
        } catch (IOException e) {
            throw new ManagedObjectsConfigurationException("Cannot write the generated auth key to a temporary file: " + e.getMessage(),
                    "Set managed-objects.auth-key-file (or managed-objects.auth-key) to provide the key yourself.", e);
        }
    }

    /** @return the effective mode: FORK, EMBEDDED or CLIENT */
    public Mode mode() {
        return mode;
    }

    /** @return the configured address, or null for the default of the mode */
    public @Nullable String address() {
        return address;
    }

    byte[] authKey() {
        return authKey.clone();
    }

    /** @return the file holding a generated key, or null when the key was configured */
    public @Nullable Path generatedKeyFile() {
        return generatedKeyFile;
    }

    /**
     * Logs where the server this application started listens; a generated key is written to its
     * owner-only file first, for other instances.
     */
    void announce(String boundAddress) {
        if (generated && generatedKeyFile == null) {
            generatedKeyFile = writeKeyFile(authKey);
        }
        Path keyFile = generatedKeyFile;
        if (keyFile != null) {
            logger.info("managed-objects " + mode.name().toLowerCase() + " server at " + boundAddress + "; auth key in "
                    + keyFile + " (other instances: managed-objects.mode=client, managed-objects.address=" + boundAddress
                    + ", managed-objects.auth-key-file=" + keyFile + ")");
        } else {
            logger.info("managed-objects " + mode.name().toLowerCase() + " at " + boundAddress);
        }
    }

    @Override
    public void destroy() throws IOException {
        Path keyFile = generatedKeyFile;
        if (keyFile != null) {
            Files.deleteIfExists(keyFile);
            Files.deleteIfExists(keyFile.getParent());
        }
    }

    @Override
    public String toString() {
        return "ManagedObjectsConnection[mode=" + mode + ", address=" + (address == null ? null : Backends.redacted(address))
                + ", authKey=(hidden), tls=" + (ssl != null) + "]";
    }
}
