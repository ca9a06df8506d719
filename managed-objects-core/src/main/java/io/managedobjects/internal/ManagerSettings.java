package io.managedobjects.internal;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The settings shared by every way of building a manager or a server.
 *
 * @param address the address, or null for the default (a forked server's private Unix socket)
 * @param authKey the auth key, or null for a random one (forked server only)
 * @param trustedPackages packages whose classes may cross the boundary
 * @param maxFrameBytes the frame size limit
 * @param registrations the user classes the server hosts
 * @param sessionTimeout how long a session outlives the last sign of its client (a server's; a forked
 *     server gets its builder's)
 * @param connections how many connections a client manager opens at most (its calling threads share them)
 * @param tls TLS of {@code tcp://} connections, or null for none (never handed to child processes)
 * @param processJvmArgs extra JVM options of the child processes a client manager starts, after those they inherit
 *     from its JVM (never handed to child processes: their own JVM has them, so their children inherit them)
 */
public record ManagerSettings(@Nullable String address, byte @Nullable [] authKey, List<String> trustedPackages,
        int maxFrameBytes, List<TypeRegistration> registrations, Duration sessionTimeout, int connections,
        io.managedobjects.internal.wire.@Nullable Tls tls, List<String> processJvmArgs) {

    /** The default number of connections of a client manager: its threads, however many, share them. */
    public static final int DEFAULT_CONNECTIONS = 4;

    /**
     * Checks a client manager's number of connections and returns it.
     *
     * @param connections the number
     * @return the number
     * @throws IllegalArgumentException if it is below 1 or above 64
     */
    public static int validateConnections(int connections) {
        if (connections < 1 || connections > 64) {
            throw new IllegalArgumentException("connections must be between 1 and 64 (every calling thread shares them; "
                    + DEFAULT_CONNECTIONS + " is the default), was " + connections);
        }
        return connections;
    }

    /** The default frame size limit: 64 MiB. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 64 * 1024 * 1024;
    /** The default session timeout: 15 s. */
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(15);

    /**
     * Checks a session timeout and returns it.
     *
     * @param timeout the timeout
     * @return the timeout
     * @throws IllegalArgumentException if it is below 1 s (heartbeats go every third of it)
     */
    public static Duration validateSessionTimeout(Duration timeout) {
        if (timeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("sessionTimeout must be at least 1 s (clients send a heartbeat every third of it), was "
                    + timeout);
        }
        return timeout;
    }

    /**
     * Checks an address and returns it.
     *
     * @param address {@code unix:/path} or {@code tcp://host:port}
     * @return the address
     * @throws IllegalArgumentException naming the problem and the expected form
     */
    public static String validateAddress(String address) {
        Address.parse(address);
        return address;
    }

    /**
     * Checks a shared object's name and returns it.
     *
     * @param name the name
     * @return the name
     * @throws IllegalArgumentException if it is null or blank
     */
    public static String validateName(@Nullable String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("A shared object's name must not be blank");
        }
        return name;
    }

    /**
     * Checks a count that must be positive (a capacity, parties, processes) and returns it.
     *
     * @param count the count
     * @param what its name, for the message
     * @return the count
     * @throws IllegalArgumentException if it is 0 or negative
     */
    public static int validatePositive(int count, String what) {
        if (count <= 0) {
            throw new IllegalArgumentException(what + " must be positive, was " + count);
        }
        return count;
    }

    /**
     * Checks an array's length and returns it.
     *
     * @param length the length
     * @return the length
     * @throws IllegalArgumentException if it is negative
     */
    public static int validateLength(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("An array's length must not be negative, was " + length);
        }
        return length;
    }

    /**
     * Checks a named queue's capacity and returns it.
     *
     * @param capacity the capacity
     * @return the capacity
     * @throws IllegalArgumentException if it is negative
     */
    public static int validateCapacity(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be positive, or 0 for unbounded; was " + capacity);
        }
        return capacity;
    }

    /** The shortest auth key accepted, in bytes. */
    public static final int MIN_AUTH_KEY_BYTES = 16;

    /**
     * Checks that an auth key is long enough to resist guessing, and returns it.
     *
     * @param authKey the key
     * @return the key
     * @throws IllegalArgumentException if it is shorter than {@value #MIN_AUTH_KEY_BYTES} bytes, saying so
     */
    public static byte[] validateAuthKey(byte[] authKey) {
        if (authKey.length == 0) {
            throw new IllegalArgumentException("The auth key is empty: at least " + MIN_AUTH_KEY_BYTES
                    + " bytes are needed (32 random bytes are best)");
        }
        if (authKey.length < MIN_AUTH_KEY_BYTES) {
            throw new IllegalArgumentException("The auth key is " + authKey.length + " bytes; at least " + MIN_AUTH_KEY_BYTES
                    + " are needed (32 random bytes are best): a short key can be guessed by anyone who can connect");
        }
        return authKey;
    }

    /**
     * Checks a package name and returns it.
     *
     * @param pkg a Java package name
     * @return the package name
     * @throws IllegalArgumentException if it is not a package name
     */
    public static String validatePackage(String pkg) {
        if (!pkg.matches("\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*")) {
            throw new IllegalArgumentException("Not a Java package name: '" + pkg + "' (expected e.g. com.example.orders)");
        }
        return pkg;
    }

    @Override
    public String toString() {
        return "ManagerSettings[address=" + (address == null ? null : io.managedobjects.internal.backend.Backends.redacted(address)) + ", authKey=" + (authKey == null ? "(none)" : "(hidden)")
                + ", trustedPackages=" + trustedPackages + ", maxFrameBytes=" + maxFrameBytes + ", registrations=" + registrations
                + ", sessionTimeout=" + sessionTimeout + ", connections=" + connections + ", tls=" + tls + "]";
    }

    /**
     * Checks that a registration's type id and classes are not registered yet.
     *
     * @param existing the registrations so far
     * @param added the new one
     * @throws IllegalArgumentException if its type id or api type is taken
     */
    public static void checkUnique(List<TypeRegistration> existing, TypeRegistration added) {
        for (TypeRegistration registration : existing) {
            if (registration.typeId().equals(added.typeId()) || registration.api().equals(added.api())) {
                throw new IllegalArgumentException("Type id '" + added.typeId() + "' or class " + added.api()
                        + " is registered twice: give each class one registration, with distinct type ids");
            }
        }
    }

    /**
     * These settings with another address and key.
     *
     * @param newAddress the address
     * @param newKey the key
     * @return the new settings
     */
    public ManagerSettings with(String newAddress, byte[] newKey) {
        return new ManagerSettings(newAddress, newKey, trustedPackages, maxFrameBytes, registrations, sessionTimeout, connections, tls, processJvmArgs);
    }

    /**
     * The trusted packages plus the packages of registered classes (whose own exceptions and values cross).
     *
     * @return package names
     */
    public List<String> effectiveTrustedPackages() {
        java.util.LinkedHashSet<String> packages = new java.util.LinkedHashSet<>(trustedPackages);
        for (TypeRegistration registration : registrations) {
            packages.add(packageOf(registration.api()));
            packages.add(packageOf(registration.implementation()));
        }
        packages.remove("");
        return List.copyOf(packages);
    }

    private static String packageOf(String className) {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? "" : className.substring(0, dot);
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
