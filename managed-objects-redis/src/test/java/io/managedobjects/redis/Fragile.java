package io.managedobjects.redis;

/**
 * A value whose class cannot be initialised in a JVM started with {@code -Dfragile.fail=true}: decoding it there throws
 * an {@link ExceptionInInitializerError}, an {@code Error} rather than an exception.
 *
 * @param n anything
 */
public record Fragile(int n) {

    static {
        if (Boolean.getBoolean("fragile.fail")) {
            throw new IllegalStateException("Fragile is not usable in this JVM (-Dfragile.fail=true)");
        }
    }
}
