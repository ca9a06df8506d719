package io.managedobjects.internal.backend;

import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import org.jspecify.annotations.Nullable;

/** Selects the backend of a manager address by its scheme. */
public final class Backends {

    /** The module that serves each scheme core knows of but does not serve itself. */
    private static final Map<String, String> MODULES = Map.of("redis", "managed-objects-redis", "rediss", "managed-objects-redis",
            "redis-socket", "managed-objects-redis");

    private Backends() {
    }

    /**
     * The backend of an address, or null for an address of the manager server ({@code unix:}, {@code tcp://}, or
     * anything else without a known scheme, which the server's own parsing then refuses).
     *
     * @param address the address
     * @return its backend, or null
     * @throws IllegalArgumentException if the address needs a module that is not on the classpath
     */
    public static @Nullable ManagerBackend forAddress(String address) {
        String scheme = scheme(address);
        if (scheme == null || scheme.equals("tcp") || scheme.equals("unix")) {
            return null;
        }
        for (ManagerBackend backend : ServiceLoader.load(ManagerBackend.class, loader())) {
            if (backend.schemes().contains(scheme)) {
                return backend;
            }
        }
        String module = MODULES.get(scheme);
        if (module != null) {
            throw new IllegalArgumentException("The address '" + redacted(address) + "' needs the module io.managedobjects:" + module
                    + " on the classpath (add it as a dependency next to managed-objects-core, or use a unix:/path or tcp://host:port "
                    + "address of a manager server)");
        }
        return null;
    }

    /**
     * The scheme of an address: the text before {@code ://} (or before the first {@code :}), lower case.
     *
     * @param address an address
     * @return its scheme, or null if it has none
     */
    static @Nullable String scheme(String address) {
        int colon = address.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        String scheme = address.substring(0, colon).toLowerCase(Locale.ROOT);
        return scheme.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '+' || c == '.') ? scheme : null;
    }

    /**
     * An address fit for an error message or a log: a password in its user information is replaced by {@code ***}.
     *
     * @param address an address
     * @return the address without its password
     */
    public static String redacted(String address) {
        int start = address.indexOf("://");
        int at = address.lastIndexOf('@');
        if (start < 0 || at < start) {
            return address;
        }
        String user = address.substring(start + 3, at);
        int colon = user.indexOf(':');
        return address.substring(0, start + 3) + (colon < 0 ? "***" : user.substring(0, colon) + ":***") + address.substring(at);
    }

    private static ClassLoader loader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : Backends.class.getClassLoader();
    }
}
