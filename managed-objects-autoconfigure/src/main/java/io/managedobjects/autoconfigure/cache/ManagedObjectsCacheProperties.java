package io.managedobjects.autoconfigure.cache;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the shared caches, under {@code managed-objects.cache.*}.
 */
@ConfigurationProperties("managed-objects.cache")
public class ManagedObjectsCacheProperties {

    /**
     * Whether to provide a CacheManager whose caches are shared maps of the manager server, so every
     * application instance connected to it shares cached values. Entries have no time-to-live: they live
     * until evicted or the server stops. Backs off when the application defines its own CacheManager.
     */
    private boolean enabled;

    /**
     * Names of the caches to provide; asking for any other cache gives none. Empty: a cache is created on
     * first use of its name.
     */
    private List<String> cacheNames = new ArrayList<>();

    /** Whether the caches accept null values (stored as a marker, since a shared map holds no nulls). */
    private boolean allowNullValues = true;

    /**
     * Prefix of the names of the shared maps holding the caches, keeping them apart from the application's
     * own named maps: the cache 'books' is the map 'cache.books' by default.
     */
    private String prefix = "cache.";

    /** @return whether to provide the shared-map CacheManager */
    public boolean isEnabled() {
        return enabled;
    }

    /** @param enabled whether to provide the shared-map CacheManager */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** @return the names of the caches to provide; empty to create caches on first use */
    public List<String> getCacheNames() {
        return cacheNames;
    }

    /** @param cacheNames the names of the caches to provide; empty to create caches on first use */
    public void setCacheNames(List<String> cacheNames) {
        this.cacheNames = cacheNames;
    }

    /** @return whether the caches accept null values */
    public boolean isAllowNullValues() {
        return allowNullValues;
    }

    /** @param allowNullValues whether the caches accept null values */
    public void setAllowNullValues(boolean allowNullValues) {
        this.allowNullValues = allowNullValues;
    }

    /** @return the prefix of the names of the caches' shared maps */
    public String getPrefix() {
        return prefix;
    }

    /** @param prefix the prefix of the names of the caches' shared maps */
    public void setPrefix(String prefix) {
        this.prefix = prefix;
    }
}
