/**
 * A Spring {@link org.springframework.cache.CacheManager} whose caches are named shared maps of the manager
 * server, so every application instance connected to the same server shares cached values: a value one
 * instance computes is a hit in the others, and an eviction in one is seen by all. Opt in with
 * {@code managed-objects.cache.enabled=true}.
 */
@NullMarked
package io.managedobjects.autoconfigure.cache;

import org.jspecify.annotations.NullMarked;
