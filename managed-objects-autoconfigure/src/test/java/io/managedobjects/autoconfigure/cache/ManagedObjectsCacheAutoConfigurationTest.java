package io.managedobjects.autoconfigure.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.managedobjects.Manager;
import io.managedobjects.SharedMap;
import io.managedobjects.autoconfigure.ManagedObjectsAutoConfiguration;
import io.managedobjects.autoconfigure.cache.app.Square;
import io.managedobjects.autoconfigure.cache.app.SquareService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.cache.interceptor.SimpleKey;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class ManagedObjectsCacheAutoConfigurationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ManagedObjectsAutoConfiguration.class, ManagedObjectsCacheAutoConfiguration.class))
            .withPropertyValues("managed-objects.mode=embedded");

    private final ApplicationContextRunner enabled = runner.withPropertyValues("managed-objects.cache.enabled=true");

    /**
     * Caching on a service, with the package of its cached record as the application's package (as
     * {@code @SpringBootApplication} makes it), which the manager trusts.
     */
    @Configuration(proxyBeanMethods = false)
    @EnableCaching
    @AutoConfigurationPackage(basePackageClasses = Square.class)
    static class CachingConfiguration {
        @Bean
        SquareService squareService() {
            return new SquareService();
        }
    }

    private static Cache cache(AssertableApplicationContext context, String name) {
        Cache cache = context.getBean(CacheManager.class).getCache(name);
        assertThat(cache).as("cache " + name).isNotNull();
        return cache;
    }

    @Test
    void thereIsNoCacheManagerUnlessTheCacheIsEnabled() {
        runner.run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(Manager.class);
            assertThat(context).doesNotHaveBean(CacheManager.class).doesNotHaveBean(ManagedObjectsCacheProperties.class);
        });
    }

    @Test
    void theEnabledCacheBacksOffWithoutAManager() {
        enabled.withPropertyValues("managed-objects.enabled=false").run(context -> assertThat(context).hasNotFailed()
                .doesNotHaveBean(Manager.class).doesNotHaveBean(CacheManager.class));
    }

    @Test
    void theEnabledCacheIsASharedMapCacheManagerWithSpringsDefaults() {
        enabled.run(context -> {
            assertThat(context).hasSingleBean(CacheManager.class).hasSingleBean(SharedMapCacheManager.class);
            SharedMapCacheManager cacheManager = context.getBean(SharedMapCacheManager.class);
            assertThat(cacheManager.isAllowNullValues()).isTrue();
            assertThat(cacheManager.getPrefix()).isEqualTo("cache.");
            assertThat(cacheManager.getCacheNames()).isEmpty();
        });
    }

    @Test
    void theEnabledCacheBacksOffForTheApplicationsOwnCacheManager() {
        enabled.withBean(CacheManager.class, () -> new ConcurrentMapCacheManager()).run(context -> {
            assertThat(context).hasSingleBean(CacheManager.class).doesNotHaveBean(SharedMapCacheManager.class);
            assertThat(context.getBean(CacheManager.class)).isInstanceOf(ConcurrentMapCacheManager.class);
        });
    }

    @Test
    void withoutCacheNamesACacheIsCreatedOnFirstUseAsThePrefixedNamedMap() {
        enabled.run(context -> {
            Cache books = cache(context, "books");
            assertThat(books).isInstanceOf(SharedMapCache.class);
            assertThat(books.getName()).isEqualTo("books");
            assertThat(((SharedMap<?, ?>) books.getNativeCache()).sharedName()).isEqualTo("cache.books");
            assertThat(context.getBean(CacheManager.class).getCache("books")).isSameAs(books);
            assertThat(context.getBean(CacheManager.class).getCacheNames()).containsExactly("books");

            books.put("isbn-1", "Dune");
            SharedMap<String, String> map = context.getBean(Manager.class).map("cache.books");
            assertThat(map).containsOnly(Map.entry("isbn-1", "Dune"));
            SharedMap<String, String> usersOwn = context.getBean(Manager.class).map("books");
            assertThat(usersOwn).as("the application's own map of the cache's name").isEmpty();
        });
    }

    @Test
    void cacheNamesAreTheOnlyCachesAndThePrefixNamesTheirMaps() {
        enabled.withPropertyValues("managed-objects.cache.cache-names=books,authors", "managed-objects.cache.prefix=shop.cache.")
                .run(context -> {
                    CacheManager cacheManager = context.getBean(CacheManager.class);
                    assertThat(cacheManager.getCacheNames()).containsExactly("books", "authors");
                    assertThat(cacheManager.getCache("other")).isNull();
                    assertThat(((SharedMap<?, ?>) cache(context, "authors").getNativeCache()).sharedName())
                            .isEqualTo("shop.cache.authors");
                });
    }

    @Test
    void putGetEvictAndClearActOnTheSharedMap() {
        enabled.run(context -> {
            Cache cache = cache(context, "books");
            assertThat(cache.get("isbn-1")).isNull();
            cache.put("isbn-1", "Dune");
            cache.put("isbn-2", "Emma");
            cache.put(42L, List.of("a", "b"));
            assertThat(cache.get("isbn-1")).isNotNull().extracting(Cache.ValueWrapper::get).isEqualTo("Dune");
            assertThat(cache.get("isbn-2", String.class)).isEqualTo("Emma");
            assertThat(cache.get(42L, List.class)).isEqualTo(List.of("a", "b"));
            assertThatThrownBy(() -> cache.get("isbn-1", Integer.class)).isInstanceOf(IllegalStateException.class);

            cache.evict("isbn-1");
            assertThat(cache.get("isbn-1")).isNull();
            assertThat(cache.evictIfPresent("isbn-2")).isTrue();
            assertThat(cache.evictIfPresent("isbn-2")).isFalse();

            cache.put("isbn-3", "Ulysses");
            cache.clear();
            assertThat(((SharedMap<?, ?>) cache.getNativeCache())).isEmpty();
            assertThat(cache.invalidate()).isFalse();
            cache.put("isbn-3", "Ulysses");
            assertThat(cache.invalidate()).isTrue();
            assertThat(cache.get("isbn-3")).isNull();
        });
    }

    @Test
    void putIfAbsentKeepsTheFirstValueAndReturnsIt() {
        enabled.run(context -> {
            Cache cache = cache(context, "books");
            assertThat(cache.putIfAbsent("isbn-1", "Dune")).isNull();
            assertThat(cache.putIfAbsent("isbn-1", "Emma")).isNotNull().extracting(Cache.ValueWrapper::get).isEqualTo("Dune");
            assertThat(cache.get("isbn-1", String.class)).isEqualTo("Dune");
        });
    }

    @Test
    void aCachedNullIsStoredAsTheMarkerAndReadBackAsAWrappedNull() {
        enabled.run(context -> {
            Cache cache = cache(context, "books");
            cache.put("unknown", null);
            Cache.ValueWrapper wrapper = cache.get("unknown");
            assertThat(wrapper).as("a hit").isNotNull();
            assertThat(wrapper.get()).isNull();
            assertThat(cache.get("unknown", String.class)).isNull();
            assertThat(((SharedMap<?, ?>) cache.getNativeCache()).get("unknown")).isEqualTo(SharedMapCache.NULL_MARKER);
            assertThat(cache.putIfAbsent("unknown", "found")).isNotNull().extracting(Cache.ValueWrapper::get).isNull();
        });
    }

    @Test
    void withNullValuesDisallowedCachingNullIsRefused() {
        enabled.withPropertyValues("managed-objects.cache.allow-null-values=false").run(context -> {
            assertThat(context.getBean(SharedMapCacheManager.class).isAllowNullValues()).isFalse();
            Cache cache = cache(context, "books");
            assertThatIllegalArgumentException().isThrownBy(() -> cache.put("unknown", null))
                    .withMessageContaining("'books'").withMessageContaining("not allow null values");
            assertThatIllegalArgumentException().isThrownBy(() -> cache.putIfAbsent("unknown", null));
            assertThat(cache.get("unknown")).isNull();
        });
    }

    @Test
    void getWithALoaderRunsItOnceAndCachesItsValue() {
        enabled.run(context -> {
            Cache cache = cache(context, "books");
            AtomicInteger loads = new AtomicInteger();
            assertThat(cache.get("isbn-1", () -> "Dune #" + loads.incrementAndGet())).isEqualTo("Dune #1");
            assertThat(cache.get("isbn-1", () -> "Dune #" + loads.incrementAndGet())).isEqualTo("Dune #1");
            assertThat(loads).hasValue(1);
            Object loaded = cache.get("nothing", () -> {
                loads.incrementAndGet();
                return null;
            });
            assertThat(loaded).isNull();
            assertThat(cache.get("nothing", () -> "late")).as("the null was cached").isNull();
            assertThat(loads).hasValue(2);
        });
    }

    @Test
    void getWithALoaderWrapsItsFailureAndCachesNothing() {
        enabled.run(context -> {
            Cache cache = cache(context, "books");
            IllegalStateException failure = new IllegalStateException("catalog down");
            assertThatThrownBy(() -> cache.get("isbn-1", () -> {
                throw failure;
            })).isInstanceOf(Cache.ValueRetrievalException.class).hasCause(failure);
            assertThat(cache.get("isbn-1")).isNull();
            assertThat(cache.get("isbn-1", () -> "Dune")).isEqualTo("Dune");
        });
    }

    @Test
    void concurrentGetsWithALoaderInOneJvmRunItOnceAndAllGetItsValue() {
        enabled.run(context -> {
            Cache cache = cache(context, "books");
            int threads = 8;
            AtomicInteger loads = new AtomicInteger();
            CountDownLatch start = new CountDownLatch(1);
            // every thread arrives before asking; the first loader waits for all of them, so the others ask while it runs
            CountDownLatch arrived = new CountDownLatch(threads);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<String>> results = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    results.add(pool.submit(() -> {
                        start.await();
                        arrived.countDown();
                        return cache.get("slow", () -> {
                            assertThat(arrived.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
                            return "loaded #" + loads.incrementAndGet();
                        });
                    }));
                }
                start.countDown();
                for (Future<String> result : results) {
                    assertThat(result.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("loaded #1");
                }
                assertThat(loads).hasValue(1);
            } finally {
                pool.shutdownNow();
                assertThat(pool.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            }
        });
    }

    @Test
    void aLoaderThatAsksForItsOwnKeyFailsInsteadOfWaitingForItself() {
        enabled.run(context -> {
            Cache cache = cache(context, "books");
            assertThatThrownBy(() -> cache.get("loop", () -> cache.get("loop", () -> "inner")))
                    .isInstanceOf(Cache.ValueRetrievalException.class).rootCause().isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("same key");
            assertThat(cache.get("loop")).isNull();
        });
    }

    @Test
    void retrieveCompletesWithAWrapperOnAHitAndWithNullOnAMiss() {
        enabled.run(context -> {
            Cache cache = cache(context, "books");
            CompletableFuture<?> miss = cache.retrieve("isbn-1");
            assertThat(miss).isNotNull();
            assertThat(miss.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isNull();
            cache.put("isbn-1", "Dune");
            CompletableFuture<?> hit = cache.retrieve("isbn-1");
            assertThat(hit).isNotNull();
            assertThat(hit.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isInstanceOfSatisfying(Cache.ValueWrapper.class,
                    wrapper -> assertThat(wrapper.get()).isEqualTo("Dune"));
        });
    }

    @Test
    void retrieveWithALoaderLoadsOnAMissAndThenReadsTheCachedValue() {
        enabled.run(context -> {
            Cache cache = cache(context, "books");
            AtomicInteger loads = new AtomicInteger();
            CompletableFuture<String> first = cache.retrieve("isbn-1",
                    () -> CompletableFuture.completedFuture("Dune #" + loads.incrementAndGet()));
            assertThat(first.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("Dune #1");
            CompletableFuture<String> second = cache.retrieve("isbn-1",
                    () -> CompletableFuture.completedFuture("Dune #" + loads.incrementAndGet()));
            assertThat(second.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("Dune #1");
            assertThat(loads).hasValue(1);
            assertThat(cache.get("isbn-1", String.class)).isEqualTo("Dune #1");
        });
    }

    @Test
    void aCacheableMethodIsComputedOnceAndItsRecordValueCrossesTheBoundary() {
        enabled.withUserConfiguration(CachingConfiguration.class).run(context -> {
            SquareService squares = context.getBean(SquareService.class);
            assertThat(squares.square(7)).isEqualTo(new Square(7, 49));
            assertThat(squares.square(7)).isEqualTo(new Square(7, 49));
            assertThat(squares.computations()).isEqualTo(1);
            assertThat(((SharedMap<?, ?>) cache(context, "squares").getNativeCache()).get(7)).isEqualTo(new Square(7, 49));

            squares.forget(7);
            assertThat(squares.square(7)).isEqualTo(new Square(7, 49));
            assertThat(squares.computations()).isEqualTo(2);
        });
    }

    @Test
    void aCacheableMethodOfSeveralArgumentsIsCachedUnderItsSimpleKeyAsText() {
        enabled.withUserConfiguration(CachingConfiguration.class).run(context -> {
            SquareService squares = context.getBean(SquareService.class);
            assertThat(squares.product(3, 4)).isEqualTo(12L);
            assertThat(squares.product(3, 4)).isEqualTo(12L);
            assertThat(squares.product(4, 3)).isEqualTo(12L);
            assertThat(squares.computations()).isEqualTo(2);
            SharedMap<?, ?> map = (SharedMap<?, ?>) cache(context, "products").getNativeCache();
            assertThat(map.get(new SimpleKey(3, 4).toString())).isEqualTo(12L);
            assertThat(map).hasSize(2);
        });
    }

    @Test
    void aCacheableMethodReturningNullIsComputedOnce() {
        enabled.withUserConfiguration(CachingConfiguration.class).run(context -> {
            SquareService squares = context.getBean(SquareService.class);
            assertThat(squares.nickname("bob")).isNull();
            assertThat(squares.nickname("bob")).isNull();
            assertThat(squares.nickname("ann")).isEqualTo("annie");
            assertThat(squares.computations()).isEqualTo(2);
        });
    }
}
