package io.managedobjects;

import java.util.concurrent.ConcurrentMap;

/**
 * A map hosted by the manager server. Every method is one atomic call on the server; bulk methods
 * ({@code putAll}, {@code equals}, {@code toString}, iteration) are one round trip each and iteration
 * works on a snapshot. Like {@link java.util.concurrent.ConcurrentHashMap}, it refuses {@code null}
 * keys and values. The functional methods inherited from {@link ConcurrentMap} ({@code merge},
 * {@code compute}, ...) run the function in the calling process and apply the result with
 * compare-and-set calls, so they are atomic across processes too.
 *
 * <p>Keys and values cross the boundary by value: mutating a plain object after reading it changes
 * only the local copy. Store shared objects to share structure.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface SharedMap<K, V> extends ConcurrentMap<K, V>, SharedObject {
}
