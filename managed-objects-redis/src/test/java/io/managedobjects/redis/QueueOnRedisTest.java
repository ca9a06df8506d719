package io.managedobjects.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.managedobjects.Conditions;
import io.managedobjects.Manager;
import io.managedobjects.SharedQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code SharedQueue} on Redis: capacity, waiting puts and takes woken by the queue's channel, Python's
 * {@code task_done}/{@code join}, interrupts that take nothing, and an item whose taker died before it had it.
 */
@ExtendWith(RedisServer.class)
class QueueOnRedisTest {

    static Manager manager;

    @BeforeAll
    static void connect() {
        manager = Manager.builder().address(RedisServer.address()).sessionTimeout(Duration.ofSeconds(5)).connect();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @Test
    void aTakeWaitingOnAQueueThatIsDestroyedFailsSayingSo() {
        SharedQueue<String> queue = manager.queue();
        CompletableFuture<String> take = CompletableFuture.supplyAsync(() -> {
            try {
                return queue.take();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        io.managedobjects.Conditions.await("the take waits", () -> manager.info().objects().stream()
                .anyMatch(o -> o.id().equals(queue.sharedId())));
        manager.destroy(queue);
        assertThatThrownBy(() -> take.get(60, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no longer exists");
    }

    @Test
    void aBoundedQueueRefusesOffersWhenFullAndAPutWaitsForRoom() throws Exception {
        SharedQueue<String> queue = manager.queue(1);
        assertThat(queue.offer("a")).isTrue();
        assertThat(queue.offer("b")).isFalse();
        assertThat(queue.remainingCapacity()).isZero();
        assertThat(queue.offer("b", 50, TimeUnit.MILLISECONDS)).isFalse();
        CompletableFuture<Void> put = CompletableFuture.runAsync(() -> {
            try {
                queue.put("b");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(queue.take()).isEqualTo("a");
        put.get(60, TimeUnit.SECONDS);
        assertThat(queue.poll()).isEqualTo("b");
        assertThatThrownBy(() -> queue.addAll(List.of("x", "y"))).isInstanceOf(IllegalStateException.class).hasMessage("Queue full");
        assertThat(queue).containsExactly("x");
    }

    @Test
    void aTakeWaitsForAnItemFromAnotherManager() throws Exception {
        SharedQueue<Integer> queue = manager.queue("jobs");
        CompletableFuture<Integer> taken = CompletableFuture.supplyAsync(() -> {
            try {
                return queue.take();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        try (Manager other = Manager.builder().address(RedisServer.address()).connect()) {
            other.<Integer>queue("jobs").put(42);
        }
        assertThat(taken.get(60, TimeUnit.SECONDS)).isEqualTo(42);
        assertThat(queue.poll(20, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void drainingTakesTheHeadItemsInOrderOneOrMany() {
        SharedQueue<Integer> queue = manager.queue();
        queue.addAll(List.of(1, 2, 3, 4));
        List<Integer> one = new ArrayList<>();
        assertThat(queue.drainTo(one, 1)).isEqualTo(1);
        assertThat(one).containsExactly(1);
        List<Integer> rest = new ArrayList<>();
        assertThat(queue.drainTo(rest)).isEqualTo(3);
        assertThat(rest).containsExactly(2, 3, 4);
        assertThat(queue.drainTo(rest)).isZero();
    }

    @Test
    void joinWaitsUntilEveryItemPutIsDone() throws Exception {
        SharedQueue<String> queue = manager.queue();
        queue.put("a");
        queue.put("b");
        CompletableFuture<Void> joined = CompletableFuture.runAsync(() -> {
            try {
                queue.join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        queue.take();
        queue.taskDone();
        assertThat(joined).isNotDone();
        queue.take();
        queue.taskDone();
        joined.get(60, TimeUnit.SECONDS);
        assertThatThrownBy(queue::taskDone).isInstanceOf(IllegalStateException.class).hasMessageContaining("more times");
    }

    @Test
    void anInterruptedTakeTakesNothing() throws Exception {
        SharedQueue<String> queue = manager.queue();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread taker = new Thread(() -> {
            try {
                queue.take();
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        taker.start();
        Conditions.await("the taker waiting for a change of the queue", () -> java.util.Arrays.stream(taker.getStackTrace())
                .anyMatch(frame -> frame.getMethodName().equals("awaitChange")));
        taker.interrupt();
        taker.join(60_000);
        assertThat(failure.get()).isInstanceOf(InterruptedException.class);
        queue.put("kept");
        assertThat(queue.poll()).isEqualTo("kept");
    }

    @Test
    void anItemWhoseTakerDiedBeforeItHadItGoesBackToTheHead() {
        SharedQueue<String> queue = manager.queue();
        queue.addAll(List.of("first", "second"));
        RedisClient client = RedisClient.create(RedisServer.address());
        try (StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE)) {
            // a taker's session with a 1 s lease, which takes the head and then never acknowledges it, nor renews
            RedisFunctions functions = new RedisFunctions(connection, RedisAddress.DEFAULT_PREFIX, RedisServer.address());
            functions.call("session", "dead-taker", "", 1000, 1, "mark", 1, "test");
            List<?> taken = (List<?>) functions.call("qTake", "dead-taker", queue.sharedId(), "t1", 1);
            assertThat(taken).hasSize(1);
            assertThat(queue).containsExactly("second");
        } finally {
            client.shutdown();
        }
        Conditions.await("the dead taker's item back at the head", () -> new ArrayList<>(queue).equals(List.of("first", "second")));
        assertThat(queue.poll()).isEqualTo("first");
    }
}
