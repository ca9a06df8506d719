package io.managedobjects.autoconfigure.cache;

import io.managedobjects.Manager;
import io.managedobjects.autoconfigure.ManagedObjectsAutoConfiguration;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cache.CacheManager;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of a {@link SharedMapCacheManager}, opt-in with {@code managed-objects.cache.enabled=true}:
 * Spring's caching ({@code @Cacheable} with {@code @EnableCaching}) then keeps its entries in named shared maps
 * of the manager server, shared by every application instance connected to it. Runs before Spring Boot's own
 * cache auto-configuration, which backs off; it backs off itself when the application defines a
 * {@link CacheManager} or has no {@link Manager}. Spring Boot's {@code CacheManagerCustomizer} beans are not
 * applied (they belong to Boot's cache auto-configuration): to tune the cache manager beyond the
 * {@code managed-objects.cache.*} properties, declare a {@code SharedMapCacheManager} bean.
 */
@AutoConfiguration(after = ManagedObjectsAutoConfiguration.class,
        beforeName = "org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration")
@ConditionalOnClass(CacheManager.class)
@ConditionalOnBooleanProperty(name = "managed-objects.cache.enabled")
@ConditionalOnBean(Manager.class)
@EnableConfigurationProperties(ManagedObjectsCacheProperties.class)
public final class ManagedObjectsCacheAutoConfiguration {

    /**
     * The cache manager, configured from {@code managed-objects.cache.*}.
     *
     * @param manager the application's manager
     * @param properties the cache properties
     * @return the cache manager
     */
    @Bean
    @ConditionalOnMissingBean(CacheManager.class)
    SharedMapCacheManager cacheManager(Manager manager, ManagedObjectsCacheProperties properties) {
        SharedMapCacheManager cacheManager = new SharedMapCacheManager(manager);
        cacheManager.setPrefix(properties.getPrefix());
        cacheManager.setAllowNullValues(properties.isAllowNullValues());
        List<String> cacheNames = properties.getCacheNames();
        if (!cacheNames.isEmpty()) {
            cacheManager.setCacheNames(cacheNames);
        }
        return cacheManager;
    }
}
