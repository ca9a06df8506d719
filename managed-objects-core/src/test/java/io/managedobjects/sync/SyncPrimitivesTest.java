package io.managedobjects.sync;

import static io.managedobjects.Conditions.awaitState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.managedobjects.Manager;
import io.managedobjects.SharedQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Lock, condition, semaphore, event, barrier and queue semantics, with threads of one process. */
class SyncPrimitivesTest {

    static Manager manager;
    final ExecutorService threads = Executors.newCachedThreadPool();

    @BeforeAll
    static void start() {
        manager = Manager.start();
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    private static <T> T within(Future<T> future) throws Exception {
        return future.get(30, TimeUnit.SECONDS);
    }

    // ---- locks and conditions: LocksContract, on every backend ----

    // ---- semaphores and events: SemaphoresAndEventsContract, on every backend ----

    // ---- barriers: BarriersContract, on every backend ----

    // ---- queues ----

    @Test
    void queueIsFifoAndABoundedQueueRefusesOffersWhenFull() throws Exception {
        SharedQueue<String> queue = manager.queue(2);
        assertThat(queue.offer("a")).isTrue();
        queue.put("b");
        assertThat(queue.offer("c")).isFalse();
        assertThat(queue.offer("c", 20, TimeUnit.MILLISECONDS)).isFalse();
        assertThatThrownBy(() -> queue.add("c")).isInstanceOf(IllegalStateException.class);
        assertThat(queue.remainingCapacity()).isZero();
        Future<?> blockedPut = threads.submit(() -> {
            queue.put("c");
            return null;
        });
        awaitState(manager, queue, "putters", 1);
        assertThat(queue.take()).isEqualTo("a");
        within(blockedPut);
        assertThat(queue.poll()).isEqualTo("b");
        assertThat(queue.poll(1, TimeUnit.SECONDS)).isEqualTo("c");
        assertThat(queue.poll(20, TimeUnit.MILLISECONDS)).isNull();
        assertThatThrownBy(() -> queue.offer(null)).isInstanceOf(NullPointerException.class);
        queue.addAll(List.of("x", "y"));
        List<String> drained = new ArrayList<>();
        assertThat(queue.drainTo(drained)).isEqualTo(2);
        assertThat(drained).containsExactly("x", "y");
    }

    @Test
    void interruptingATakeLosesNoItem() throws Exception {
        SharedQueue<String> queue = manager.queue();
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread taker = new Thread(() -> {
            try {
                queue.take();
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
        });
        taker.start();
        awaitState(manager, queue, "takers", 1);
        taker.interrupt();
        assertThat(outcome.get(30, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        awaitState(manager, queue, "takers", 0);
        queue.put("item");
        assertThat(queue.poll(5, TimeUnit.SECONDS)).isEqualTo("item");
    }

    @Test
    void joinReturnsOnlyAfterEveryItemIsMarkedDone() throws Exception {
        SharedQueue<Integer> queue = manager.queue();
        queue.put(1);
        queue.put(2);
        Future<?> joined = threads.submit(() -> {
            queue.join();
            return null;
        });
        awaitState(manager, queue, "unfinishedTasks", 2L);
        queue.take();
        queue.taskDone();
        assertThatThrownBy(() -> joined.get(50, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        queue.take();
        queue.taskDone();
        within(joined);
        assertThatThrownBy(queue::taskDone).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void namedPrimitivesAreSharedByName() throws ExecutionException, InterruptedException {
        assertThat(manager.lock("jobs").sharedId()).isEqualTo(manager.lock("jobs").sharedId());
        assertThat(manager.semaphore("slots", 3).availablePermits()).isEqualTo(3);
        assertThat(manager.semaphore("slots", 99).availablePermits()).isEqualTo(3);
        assertThat(manager.barrier("gate", 4).getParties()).isEqualTo(4);
        manager.<String>queue("work", 1).put("w");
        assertThat(manager.<String>queue("work").offer("x")).isFalse();
        manager.event("go").set();
        assertThat(manager.event("go").isSet()).isTrue();
    }
}
