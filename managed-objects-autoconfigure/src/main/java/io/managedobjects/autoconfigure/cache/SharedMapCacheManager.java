package io.managedobjects.autoconfigure.cache;

import io.managedobjects.Manager;
import io.managedobjects.SharedMap;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;

/**
 * A Spring {@link CacheManager} whose caches are named shared maps of a manager server ({@link SharedMapCache}):
 * the cache {@code "books"} is the map {@code manager.map(prefix + "books")}, {@code "cache.books"} by default,
 * so every process connected to the same server shares its entries, and the caches stay apart from the
 * application's own named maps.
 *
 * <p><b>No time-to-live and no eviction policy</b>: entries live until they are evicted ({@code @CacheEvict},
 * {@link Cache#evict}, {@link Cache#clear}) or the server stops; the maps grow with every distinct key. Use
 * it for bounded sets of keys, or evict what you no longer need.
 *
 * <p>Like Spring's {@code ConcurrentMapCacheManager}, it works in two modes: with {@linkplain #setCacheNames
 * cache names} set, exactly those caches exist ({@link #getCache} of another name returns {@code null});
 * without, a cache is created on first use of its name. Creating a cache's proxy is one call to the server,
 * made once per name and process.
 *
 * <p>Configure it before use: the setters drop the caches created so far, which are created again, with the
 * new settings, on their next use (their entries, on the server, are kept).
 */
public class SharedMapCacheManager implements CacheManager {

    /** The default prefix of the names of the shared maps holding the caches: {@value}. */
    public static final String DEFAULT_PREFIX = "cache.";

    private final Manager manager;
    private final ConcurrentMap<String, SharedMapCache> caches = new ConcurrentHashMap<>();
    private volatile @Nullable Set<String> cacheNames;
    private volatile boolean allowNullValues = true;
    private volatile String prefix = DEFAULT_PREFIX;

    /**
     * Creates a cache manager that creates caches on first use, allowing null values, in maps named
     * {@code "cache." + name}.
     *
     * @param manager the manager whose server hosts the caches' maps
     */
    public SharedMapCacheManager(Manager manager) {
        this.manager = Objects.requireNonNull(manager, "manager");
    }

    /**
     * Fixes the caches: with names, only these caches exist; with {@code null}, a cache is created on first use
     * of its name (the default).
     *
     * @param cacheNames the names of the caches, or {@code null} to create caches on first use
     * @throws IllegalArgumentException if a name is blank
     */
    public void setCacheNames(@Nullable Collection<String> cacheNames) {
        if (cacheNames == null) {
            this.cacheNames = null;
        } else {
            Set<String> names = new LinkedHashSet<>();
            for (String name : cacheNames) {
                if (name == null || name.isBlank()) {
                    throw new IllegalArgumentException("A cache name must not be blank, got " + cacheNames);
                }
                names.add(name);
            }
            this.cacheNames = Collections.unmodifiableSet(names);
        }
        caches.clear();
    }

    /**
     * Whether the caches accept {@code null} values (stored as {@link SharedMapCache#NULL_MARKER}); default
     * {@code true}, as in Spring's own cache managers. If not, caching {@code null} throws
     * {@link IllegalArgumentException}.
     *
     * @param allowNullValues whether null values may be cached
     */
    public void setAllowNullValues(boolean allowNullValues) {
        this.allowNullValues = allowNullValues;
        caches.clear();
    }

    /**
     * Whether the caches accept {@code null} values.
     *
     * @return whether null values may be cached
     */
    public boolean isAllowNullValues() {
        return allowNullValues;
    }

    /**
     * Sets the prefix of the names of the shared maps holding the caches (default {@value #DEFAULT_PREFIX}); an
     * empty prefix makes the cache {@code "books"} the application's named map {@code "books"}.
     *
     * @param prefix the prefix
     */
    public void setPrefix(String prefix) {
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        caches.clear();
    }

    /**
     * The prefix of the names of the shared maps holding the caches.
     *
     * @return the prefix
     */
    public String getPrefix() {
        return prefix;
    }

    /**
     * Returns the cache of this name, creating its proxy on first use (one call to the server).
     *
     * @param name the cache name
     * @return the cache, or {@code null} if cache names are set and this is not one of them
     * @throws IllegalStateException if the server holds an object of another type under the map's name
     */
    @Override
    public @Nullable Cache getCache(String name) {
        SharedMapCache cache = caches.get(name);
        if (cache != null) {
            return cache;
        }
        Set<String> names = cacheNames;
        if (names != null && !names.contains(name)) {
            return null;
        }
        return caches.computeIfAbsent(name, this::createCache);
    }

    /**
     * The names of the caches: the configured ones if cache names are set, else those this process has used so
     * far (other processes' caches are not listed).
     *
     * @return an unmodifiable view of the cache names
     */
    @Override
    public Collection<String> getCacheNames() {
        Set<String> names = cacheNames;
        return names != null ? names : Collections.unmodifiableSet(caches.keySet());
    }

    /**
     * Creates the cache of a name over the shared map {@code prefix + name}; override to decorate or configure
     * it.
     *
     * @param name the cache name
     * @return the new cache
     */
    protected SharedMapCache createCache(String name) {
        SharedMap<Object, Object> map = manager.map(prefix + name);
        return new SharedMapCache(name, map, allowNullValues);
    }
}
