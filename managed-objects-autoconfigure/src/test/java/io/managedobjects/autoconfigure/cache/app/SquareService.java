package io.managedobjects.autoconfigure.cache.app;

import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;

/** A service whose results are cached; it counts the computations it really performs in this JVM. */
public class SquareService {

    private final AtomicInteger computations = new AtomicInteger();

    /**
     * @param root a number
     * @return its square, cached under the number
     */
    @Cacheable("squares")
    public Square square(int root) {
        computations.incrementAndGet();
        return new Square(root, (long) root * root);
    }

    /**
     * @param a a number
     * @param b another number
     * @return their product, cached under a {@code SimpleKey} of both
     */
    @Cacheable("products")
    public long product(int a, int b) {
        computations.incrementAndGet();
        return (long) a * b;
    }

    /**
     * @param name a name
     * @return the nickname of "ann", {@code null} (cached too) for anyone else
     */
    @Cacheable("nicknames")
    public @Nullable String nickname(String name) {
        computations.incrementAndGet();
        return "ann".equals(name) ? "annie" : null;
    }

    /**
     * Evicts a cached square, in every process.
     *
     * @param root the number
     */
    @CacheEvict("squares")
    public void forget(int root) {
        // the eviction is the advice's work
    }

    /** @return how many results were computed in this JVM rather than read from the cache */
    public int computations() {
        return computations.get();
    }
}
