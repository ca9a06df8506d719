package io.managedobjects.internal.codec;

import io.managedobjects.DisallowedTypeException;
import java.util.List;
import java.util.Set;

/**
 * The allow-list of classes that may cross the boundary by name (records, enums, beans, exceptions,
 * array components). JDK value types and collections are encoded by their own codes and need no entry.
 * Each side checks what it decodes against its own policy, before any class is loaded.
 */
public final class TypePolicy {

    private static final Set<String> OWN_TYPES = Set.of("io.managedobjects.ManagerInfo", "io.managedobjects.ManagerStats",
            "io.managedobjects.ServerInfo", "io.managedobjects.ObjectInfo", "io.managedobjects.ConnectionInfo",
            "io.managedobjects.SharedRef");

    private final List<String> trustedPrefixes;
    private final ClassLoader loader;

    /**
     * Creates a policy.
     *
     * @param trustedPackages trusted packages (sub-packages included)
     * @param loader the class loader to resolve allowed names with
     */
    public TypePolicy(List<String> trustedPackages, ClassLoader loader) {
        this.trustedPrefixes = trustedPackages.stream().map(p -> p + ".").toList();
        this.loader = loader;
    }

    /**
     * Whether a class of this name may be decoded as a record, enum or bean.
     *
     * @param name a binary class name
     * @return true if trusted
     */
    public boolean isTrusted(String name) {
        if (OWN_TYPES.contains(name)) {
            return true;
        }
        for (String prefix : trustedPrefixes) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a class of this name is an exception type that may be rebuilt: JDK exceptions of
     * {@code java.*} packages, the public ones of managed-objects (never its internal ones), and trusted ones.
     *
     * @param name a binary class name
     * @return true if it may be loaded to rebuild an exception
     */
    public boolean isRebuildableException(String name) {
        if (name.startsWith("io.managedobjects.internal.")) {
            return false;
        }
        return name.startsWith("java.") || name.startsWith("io.managedobjects.") || isTrusted(name);
    }

    /**
     * Checks a class about to be encoded by name.
     *
     * @param type the class
     * @throws DisallowedTypeException if it is not trusted
     */
    public void checkEncodable(Class<?> type) {
        if (!isTrusted(type.getName())) {
            throw refusal(type.getName());
        }
    }

    /**
     * Loads a class named in decoded input, after checking it against the allow-list.
     *
     * @param name the binary class name read from the wire
     * @return the class, not initialised
     * @throws DisallowedTypeException if it is not trusted
     */
    public Class<?> resolveTrusted(String name) {
        if (!isTrusted(name)) {
            throw refusal(name);
        }
        return load(name);
    }

    /**
     * Loads a class that has already been checked by the caller.
     *
     * @param name a binary class name
     * @return the class, not initialised
     */
    Class<?> load(String name) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new DisallowedTypeException(name, "Class " + name + " is not on this process's classpath: "
                    + "every process that reads this value needs it (the forked server has the classpath of the process that started it)");
        }
    }

    /**
     * The refusal for a class outside the allow-list.
     *
     * @param name the class name
     * @return the exception to throw
     */
    public static DisallowedTypeException refusal(String name) {
        int dot = name.lastIndexOf('.');
        String pkg = dot < 0 ? "(the default package)" : name.substring(0, dot);
        return new DisallowedTypeException(name, "Class " + name + " is not allowed to cross the manager boundary. "
                + "Values may be JDK value types, collections, arrays, and records, enums or classes of trusted packages. "
                + "Trust its package with Manager.builder().trustedPackages(\"" + pkg + "\") "
                + "(Spring: managed-objects.serialization.trusted-packages=" + pkg + ") in every process that reads it.");
    }
}
