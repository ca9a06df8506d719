package io.managedobjects.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Where callers that must wait for an object to change (a take from an empty queue, a put into a full one, a join)
 * wait: each object publishes its changes on its own channel, and this manager subscribes to a channel while any of
 * its threads waits on it. A waiter reads the channel's count of changes, tries its operation, and, if it could not
 * complete, waits for the count to move. A message lost in a reconnection only delays a waiter until its next
 * check, at most {@link #RECHECK_MILLIS} later.
 */
final class Notifications implements AutoCloseable {

    /** The longest a waiter waits without trying again, should a change's message have been lost. */
    static final long RECHECK_MILLIS = 2000;

    private final RedisClient client;
    private final io.lettuce.core.RedisURI uri;
    private final RedisFunctions functions;
    private final Map<String, Channel> channels = new HashMap<>();
    /**
     * Held while a channel's subscription changes (waiting for Redis's answer): one change at a time, so that an
     * UNSUBSCRIBE never overtakes a later SUBSCRIBE, and a waiter starts only once its channel is subscribed. Apart
     * from this object's monitor, which the messages take.
     */
    private final java.util.concurrent.locks.ReentrantLock subscriptions = new java.util.concurrent.locks.ReentrantLock();
    private volatile @Nullable StatefulRedisPubSubConnection<String, String> connection;

    /** A channel with waiters: how many, and how many changes it has seen. */
    private static final class Channel {
        int waiters;
        long changes;
    }

    Notifications(RedisClient client, io.lettuce.core.RedisURI uri, RedisFunctions functions) {
        this.client = client;
        this.uri = uri;
        this.functions = functions;
    }

    /** A subscription of one waiter; closing it unsubscribes the last one. */
    final class Subscription implements AutoCloseable {
        private final String name;
        private final Channel channel;

        private Subscription(String name, Channel channel) {
            this.name = name;
            this.channel = channel;
        }

        /** @return the changes seen so far: read before trying */
        long changes() {
            synchronized (Notifications.this) {
                return channel.changes;
            }
        }

        /**
         * Waits until the channel has seen more changes than {@code seen}, or the time is up.
         *
         * @param seen what {@link #changes()} returned before the last try
         * @param millis the longest to wait
         * @throws InterruptedException if the waiting thread is interrupted
         */
        void awaitChange(long seen, long millis) throws InterruptedException {
            long deadline = System.nanoTime() + millis * 1_000_000;
            synchronized (Notifications.this) {
                while (channel.changes == seen) {
                    long left = (deadline - System.nanoTime()) / 1_000_000;
                    if (left <= 0) {
                        return;
                    }
                    Notifications.this.wait(left);
                }
            }
        }

        @Override
        public void close() {
            subscriptions.lock();
            try {
                StatefulRedisPubSubConnection<String, String> subscribed;
                synchronized (Notifications.this) {
                    if (--channel.waiters > 0) {
                        return;
                    }
                    channels.remove(name);
                    subscribed = connection;
                }
                if (subscribed != null) {
                    try {
                        functions.await(subscribed.async().unsubscribe(name));
                    } catch (RuntimeException e) {
                        // the connection is gone: so is the subscription
                    }
                }
            } finally {
                subscriptions.unlock();
            }
        }
    }

    /**
     * Subscribes to an object's channel for one waiter; the subscription is in effect when this returns.
     *
     * @param name the channel
     * @return the subscription
     */
    Subscription subscribe(String name) {
        subscriptions.lock();
        try {
            Channel channel;
            boolean first;
            StatefulRedisPubSubConnection<String, String> subscribed = connection();
            synchronized (this) {
                channel = channels.computeIfAbsent(name, n -> new Channel());
                first = channel.waiters++ == 0;
            }
            if (first) {
                try {
                    functions.await(subscribed.async().subscribe(name));
                } catch (RuntimeException e) {
                    synchronized (this) {
                        channel.waiters--;
                        if (channel.waiters == 0) {
                            channels.remove(name);
                        }
                    }
                    throw e instanceof RedisException redis ? functions.unreachable(redis) : e;
                }
            }
            return new Subscription(name, channel);
        } finally {
            subscriptions.unlock();
        }
    }

    /** A try that could not complete yet. */
    static final Object NOT_YET = new Object();

    /** A try of a blocking operation, or the undoing of a wait that ends without its result. */
    @FunctionalInterface
    interface Attempt {
        /** @return the result, or {@link #NOT_YET} */
        Object get();
    }

    /**
     * Runs a blocking operation: tries, and until a try completes waits on the object's channel between tries. The
     * one mechanism of every wait on Redis (a queue's take and put, a lock).
     *
     * @param channel the object's channel
     * @param timeoutNanos how long at most, or -1 for as long as it takes
     * @param interruptible whether an interrupt ends the wait (else it is kept for the caller to see afterwards)
     * @param attempt one try
     * @param giveUp undoes the wait when it ends without the result (the time is up, an interrupt, a failure): returns
     *     the result if it came meanwhile, else {@link #NOT_YET}
     * @return what the try (or {@code giveUp}) returned, or {@link #NOT_YET} when the time is up
     * @throws InterruptedException if an interruptible wait is interrupted without the result
     */
    Object block(String channel, long timeoutNanos, boolean interruptible, Attempt attempt, Attempt giveUp)
            throws InterruptedException {
        Object result = attempt.get();
        if (result != NOT_YET) {
            return result;
        }
        if (timeoutNanos == 0) {
            return giveUp.get();
        }
        boolean interrupted = false;
        try {
            long deadline = System.nanoTime() + timeoutNanos;
            try (Subscription subscription = subscribe(channel)) {
                while (true) {
                    if (interruptible && Thread.interrupted()) {   // checked at every turn: a busy object may never let it wait
                        interrupted = true;
                        throw new InterruptedException();
                    }
                    long seen = subscription.changes();
                    result = attempt.get();
                    if (result != NOT_YET) {
                        return result;
                    }
                    long wait = RECHECK_MILLIS;
                    if (timeoutNanos >= 0) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            return giveUp.get();
                        }
                        wait = Math.min(wait, Math.max(1, left / 1_000_000));
                    }
                    try {
                        subscription.awaitChange(seen, wait);
                    } catch (InterruptedException e) {
                        interrupted = true;
                        if (interruptible) {
                            throw e;
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            result = giveUp.get();
            if (result == NOT_YET) {
                interrupted = false;   // the exception tells the caller
                throw e;
            }
            return result;   // it came meanwhile: the caller has it, and sees the interrupt
        } catch (RuntimeException failure) {
            // Redis unreachable, a timeout: undo the wait where it can be undone (a session's end does the rest). What
            // was handed over meanwhile (a lock, permits) is the caller's after all: it gets it rather than the failure,
            // which would leave it held by a caller that does not know
            Object handed;
            try {
                handed = giveUp.get();
            } catch (RuntimeException ignored) {
                throw failure;
            }
            if (handed == NOT_YET) {
                throw failure;
            }
            return handed;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The subscribing connection, opened on first use (with {@link #subscriptions} held). */
    private StatefulRedisPubSubConnection<String, String> connection() {
        if (connection == null) {
            try {
                StatefulRedisPubSubConnection<String, String> opened = functions.await(
                        client.connectPubSubAsync(io.lettuce.core.codec.StringCodec.UTF8, uri).toCompletableFuture());
                opened.addListener(new RedisPubSubAdapter<>() {
                    @Override
                    public void message(String channel, String message) {
                        changed(channel);
                    }
                });
                connection = opened;
            } catch (RedisException e) {
                throw functions.unreachable(e);
            }
        }
        return connection;
    }

    private synchronized void changed(String name) {
        Channel channel = channels.get(name);
        if (channel != null) {
            channel.changes++;
            notifyAll();
        }
    }

    @Override
    public void close() {
        StatefulRedisPubSubConnection<String, String> opened;
        synchronized (this) {
            opened = connection;
            connection = null;
            notifyAll();
        }
        if (opened != null) {
            opened.close();
        }
    }
}
