package io.managedobjects.autoconfigure.cache;

import io.managedobjects.SharedMap;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.cache.interceptor.SimpleKey;
import org.springframework.cache.support.AbstractValueAdaptingCache;
import org.springframework.cache.support.NullValue;

/**
 * A Spring {@link org.springframework.cache.Cache} backed by a {@link SharedMap} of the manager server: every
 * process connected to the server that uses a cache of the same map shares its entries. Each operation is one
 * atomic call on the server ({@link #putIfAbsent}, {@link #evict}, {@link #clear} included); entries have no
 * time-to-live and are never evicted by the cache itself: they live until evicted or cleared, or until the
 * server stops.
 *
 * <p><b>Keys and values</b> cross the process boundary by value, so they must be values the manager can carry:
 * strings, numbers, booleans, JDK value types, collections, and records, enums or classes of trusted packages
 * (a Spring Boot application's own packages are trusted). Anything else fails the call with a
 * {@link io.managedobjects.DisallowedTypeException} naming the class. A key Spring's default key generator
 * makes for several arguments (or none), a {@link SimpleKey}, is stored as its {@code toString()}
 * ({@code "SimpleKey [a, b]"}), as Spring Data Redis does: two keys whose parameters print the same share an
 * entry (for example {@code ("a, b")} and {@code ("a", "b")}), so give such methods an explicit key, e.g.
 * {@code @Cacheable(key = "{#a, #b}")}, a list that compares element by element.
 *
 * <p><b>Null values</b>: a shared map holds no {@code null}, so a cached {@code null} (when null values are
 * allowed) is stored as the text {@link #NULL_MARKER}, which every process and server can read whatever
 * its classpath; this class reads it back as {@code null} whatever this cache's setting, since another process
 * may have stored it.
 *
 * <p><b>Loading</b>: {@link #get(Object, Callable)} runs the value loader at most once at a time per key in
 * this JVM; other threads asking for the key meanwhile wait for its value. Across processes it is not
 * serialised: two processes that miss the same key at the same time may both compute it; the first value
 * stored wins ({@code putIfAbsent}) and both return it.
 */
public class SharedMapCache extends AbstractValueAdaptingCache {

    /**
     * What is stored for a cached {@code null}: a shared map holds no {@code null} values, and a text needs no
     * class on the server's classpath. It starts with a NUL character, so that no real value is mistaken for it.
     */
    public static final String NULL_MARKER = "\u0000managed-objects:cached-null";

    private final String name;
    private final SharedMap<Object, Object> map;
    private final ConcurrentMap<Object, Load> loads = new ConcurrentHashMap<>();

    /**
     * Creates a cache over a shared map.
     *
     * @param name the cache name
     * @param map the shared map holding the entries (typically {@code manager.map(prefix + name)})
     * @param allowNullValues whether {@code null} values may be cached (stored as {@link #NULL_MARKER});
     *     if not, caching {@code null} throws {@link IllegalArgumentException}
     */
    public SharedMapCache(String name, SharedMap<Object, Object> map, boolean allowNullValues) {
        super(allowNullValues);
        this.name = Objects.requireNonNull(name, "name");
        this.map = Objects.requireNonNull(map, "map");
    }

    /**
     * The cache name.
     *
     * @return the name this cache was created with
     */
    @Override
    public final String getName() {
        return name;
    }

    /**
     * The shared map holding the entries: keys as stored (see {@link #toStoreKey}), values as stored
     * ({@link #NULL_MARKER} for a cached {@code null}).
     *
     * @return the shared map
     */
    @Override
    public final SharedMap<Object, Object> getNativeCache() {
        return map;
    }

    /**
     * Reads the stored value of a key, in one call.
     *
     * @param key the cache key
     * @return the stored value, or {@code null} if there is none
     */
    @Override
    protected @Nullable Object lookup(Object key) {
        return map.get(toStoreKey(key));
    }

    /**
     * Returns the cached value of a key, computing and caching it on a miss. In this JVM the loader runs at
     * most once at a time per key: concurrent callers wait for its value (if it fails, the next of them loads
     * in turn). Another process may compute the same key at the same time; the value stored first wins and is
     * the one returned.
     *
     * @param <T> the value type
     * @param key the cache key
     * @param valueLoader computes the value on a miss
     * @return the cached or computed value
     * @throws org.springframework.cache.Cache.ValueRetrievalException if the loader throws (or the wait for
     *     another thread's load is interrupted)
     * @throws IllegalStateException if the loader asks this cache for the same key in the same thread
     */
    @Override
    @SuppressWarnings("unchecked")
    public <T> @Nullable T get(Object key, Callable<T> valueLoader) {
        Object storeKey = toStoreKey(key);
        while (true) {
            Object stored = map.get(storeKey);
            if (stored != null) {
                return (T) fromStoreValue(stored);
            }
            Load mine = new Load();
            Load running = loads.putIfAbsent(storeKey, mine);
            if (running == null) {
                return (T) fromStoreValue(load(key, storeKey, valueLoader, mine));
            }
            if (running.loader == Thread.currentThread()) {
                throw new IllegalStateException("The value loader of key " + key + " in cache '" + name
                        + "' asked the cache for the same key: a value cannot be computed from itself");
            }
            Object loaded;
            try {
                loaded = running.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ValueRetrievalException(key, valueLoader, e);
            }
            if (loaded != null) {
                return (T) fromStoreValue(loaded);
            }
            // the other thread's load failed: look again, and load in turn if the key is still missing
        }
    }

    /** Loads a missing key as the only loader of it in this JVM, stores it unless another process did first. */
    private Object load(Object key, Object storeKey, Callable<?> valueLoader, Load mine) {
        @Nullable Object result = null;
        try {
            // a load that finished between the caller's lookup and its registration as the loader
            Object stored = map.get(storeKey);
            if (stored != null) {
                result = stored;
                return stored;
            }
            Object value;
            try {
                value = valueLoader.call();
            } catch (Exception e) {
                throw new ValueRetrievalException(key, valueLoader, e);
            }
            Object storeValue = toStoreValue(value);
            Object existing = map.putIfAbsent(storeKey, storeValue);
            result = existing != null ? existing : storeValue;
            return result;
        } finally {
            // deregister before waking the waiters, so that after a failure one of them can take over
            loads.remove(storeKey, mine);
            mine.finish(result);
        }
    }

    /**
     * Looks a key up without blocking the caller: the lookup runs in the common fork-join pool. A miss is
     * determined late: the future completes with {@code null}.
     *
     * @param key the cache key
     * @return a future of the value: a {@link ValueWrapper} when null values are allowed, the plain value
     *     otherwise, or {@code null} on a miss
     */
    @Override
    public CompletableFuture<?> retrieve(Object key) {
        return CompletableFuture.supplyAsync(() -> {
            Object stored = lookup(key);
            if (stored == null) {
                return null;
            }
            return isAllowNullValues() ? toValueWrapper(stored) : fromStoreValue(stored);
        });
    }

    /**
     * Returns the cached value of a key without blocking the caller, loading it on a miss: the lookup and the
     * store run in the common fork-join pool. Loads are not deduplicated: concurrent misses (in this or
     * another process) may each run the loader; the value stored first wins and every caller gets it.
     *
     * @param <T> the value type
     * @param key the cache key
     * @param valueLoader starts computing the value on a miss
     * @return a future of the cached or computed value, failing if the loader's future fails
     */
    @Override
    @SuppressWarnings("unchecked")
    public <T> CompletableFuture<T> retrieve(Object key, Supplier<CompletableFuture<T>> valueLoader) {
        Object storeKey = toStoreKey(key);
        return CompletableFuture.supplyAsync(() -> map.get(storeKey)).thenCompose(stored -> {
            if (stored != null) {
                return CompletableFuture.completedFuture((T) fromStoreValue(stored));
            }
            return valueLoader.get().thenApplyAsync(value -> {
                Object existing = map.putIfAbsent(storeKey, toStoreValue(value));
                return existing != null ? (T) fromStoreValue(existing) : value;
            });
        });
    }

    /**
     * Stores a value, replacing any other, in one call.
     *
     * @param key the cache key
     * @param value the value ({@code null} only if null values are allowed)
     * @throws IllegalArgumentException if the value is {@code null} and null values are not allowed
     */
    @Override
    public void put(Object key, @Nullable Object value) {
        map.put(toStoreKey(key), toStoreValue(value));
    }

    /**
     * Stores a value unless the key has one, atomically on the server.
     *
     * @param key the cache key
     * @param value the value ({@code null} only if null values are allowed)
     * @return the value already cached (wrapping {@code null} for a cached null), or {@code null} if this one
     *     was stored
     * @throws IllegalArgumentException if the value is {@code null} and null values are not allowed
     */
    @Override
    public @Nullable ValueWrapper putIfAbsent(Object key, @Nullable Object value) {
        return toValueWrapper(map.putIfAbsent(toStoreKey(key), toStoreValue(value)));
    }

    /**
     * Removes a key's entry, for every process.
     *
     * @param key the cache key
     */
    @Override
    public void evict(Object key) {
        map.remove(toStoreKey(key));
    }

    /**
     * Removes a key's entry, for every process, saying whether there was one.
     *
     * @param key the cache key
     * @return whether the key had an entry
     */
    @Override
    public boolean evictIfPresent(Object key) {
        return map.remove(toStoreKey(key)) != null;
    }

    /** Removes every entry, for every process, in one atomic call. */
    @Override
    public void clear() {
        map.clear();
    }

    /**
     * Removes every entry, for every process, saying whether there were any: two calls (a size check, then the
     * clear), so entries another process stores in between are removed too without being reported.
     *
     * @return whether the cache held entries just before it was cleared
     */
    @Override
    public boolean invalidate() {
        boolean notEmpty = !map.isEmpty();
        map.clear();
        return notEmpty;
    }

    /**
     * The key as stored in the shared map: a {@link SimpleKey} (several or no method arguments) becomes its
     * {@code toString()}, which can cross the process boundary; any other key is stored as it is.
     *
     * @param key the cache key
     * @return the stored key
     */
    protected Object toStoreKey(Object key) {
        return key instanceof SimpleKey ? key.toString() : key;
    }

    /**
     * Maps {@code null} (and Spring's {@link NullValue}) to {@link #NULL_MARKER}, which every
     * process can read.
     *
     * @param userValue the value to cache
     * @return the value to store
     * @throws IllegalArgumentException if the value is {@code null} and null values are not allowed
     */
    @Override
    protected Object toStoreValue(@Nullable Object userValue) {
        if (userValue == null || userValue instanceof NullValue) {
            if (isAllowNullValues()) {
                return NULL_MARKER;
            }
            throw new IllegalArgumentException("Cache '" + name + "' is configured to not allow null values but null was provided");
        }
        return userValue;
    }

    /**
     * Maps {@link #NULL_MARKER} back to {@code null}, whatever this cache's setting (another process may have
     * stored it).
     *
     * @param storeValue the stored value
     * @return the cached value
     */
    @Override
    protected @Nullable Object fromStoreValue(@Nullable Object storeValue) {
        return NULL_MARKER.equals(storeValue) ? null : storeValue;
    }

    /**
     * Describes the cache without a call to the server.
     *
     * @return the cache name, the shared map's name and the null-values setting
     */
    @Override
    public String toString() {
        return "SharedMapCache[name=" + name + ", map=" + map.sharedName() + ", allowNullValues=" + isAllowNullValues() + "]";
    }

    /** A load of one key running in this JVM: the thread running it, and the stored value it ends with. */
    private static final class Load {

        final Thread loader = Thread.currentThread();
        private final CountDownLatch done = new CountDownLatch(1);
        private volatile @Nullable Object storeValue;

        /** Ends the load: with the stored value, or {@code null} if it failed. */
        void finish(@Nullable Object value) {
            storeValue = value;
            done.countDown();
        }

        /** Waits for the end of the load: the stored value, or {@code null} if it failed. */
        @Nullable Object await() throws InterruptedException {
            done.await();
            return storeValue;
        }
    }
}
