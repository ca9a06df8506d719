/**
 * The same API on Redis: with this module on the classpath, a {@code redis://} (or {@code rediss://},
 * {@code redis-socket://}) address given to {@code Manager.builder().address(...).connect()} connects a manager
 * whose objects live in Redis. Every operation is one call of a Redis function, atomic in Redis; values use the
 * codec and allow-list of the socket backend, and the proxies are the same classes.
 */
@NullMarked
package io.managedobjects.redis;

import org.jspecify.annotations.NullMarked;
