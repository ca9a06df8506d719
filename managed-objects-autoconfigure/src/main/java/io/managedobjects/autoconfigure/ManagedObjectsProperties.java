package io.managedobjects.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of managed-objects, under {@code managed-objects.*}.
 */
@ConfigurationProperties("managed-objects")
public class ManagedObjectsProperties {

    /** Whether to create a Manager bean. */
    private boolean enabled = true;

    /**
     * Address of a running manager server to connect to ("unix:/path/to/socket" or "tcp://host:port").
     * When unset, a manager server process is forked and stopped with the application.
     */
    private @Nullable String address;

    /** Auth key of the server at 'address', as text (its UTF-8 bytes are the key). */
    private @Nullable String authKey;

    private final Server server = new Server();

    private final Serialization serialization = new Serialization();

    /** @return whether to create a Manager bean */
    public boolean isEnabled() {
        return enabled;
    }

    /** @param enabled whether to create a Manager bean */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** @return the address to connect to, or null to fork a server */
    public @Nullable String getAddress() {
        return address;
    }

    /** @param address the address to connect to */
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

    /** @return settings of a forked server */
    public Server getServer() {
        return server;
    }

    /** @return settings of value serialization */
    public Serialization getSerialization() {
        return serialization;
    }

    /** Settings of the forked manager server process. */
    public static class Server {

        /** Extra JVM options of the forked server, e.g. -Xmx1g. */
        private List<String> jvmArgs = new ArrayList<>();

        /** How long to wait for the forked server to accept connections. */
        private Duration startTimeout = Duration.ofSeconds(60);

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
    }

    /** Settings of the values that cross the process boundary. */
    public static class Serialization {

        /** Packages whose records, enums and classes may cross the boundary as values (sub-packages included). */
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
}
