package io.managedobjects;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Ordinary calls are not interruptible, as JDK methods that do not throw {@link InterruptedException}:
 * an interrupt arriving during one never loses its outcome, and the thread's interrupt status is kept.
 */
class InterruptedCallsTest {

    static final byte[] KEY = "interrupted-calls-test-key".getBytes(StandardCharsets.UTF_8);
    static final int ITEMS = 1_500;

    ManagerServer server;
    Manager manager;

    @BeforeEach
    void start() {
        server = ManagerServer.builder().authKey(KEY).build().start();
        manager = Manager.connect(server.address(), KEY);
    }

    @AfterEach
    void stop() {
        manager.close();
        server.close();
    }

    /**
     * Removes every item with {@code removeOne} in a thread that another thread keeps interrupting, and
     * returns what the calls returned.
     */
    private static List<Object> removeAllWhileInterrupted(SharedObject target, IntFunction<@Nullable Object> removeOne)
            throws InterruptedException {
        List<Object> removed = new ArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicBoolean done = new AtomicBoolean();
        CountDownLatch connected = new CountDownLatch(1);
        CountDownLatch interrupterStopped = new CountDownLatch(1);
        boolean[] interruptKept = {true};
        Thread consumer = new Thread(() -> {
            try {
                assertThat(target.sharedId()).isNotNull();
                target.toString(); // this thread's connection is opened before the interrupts begin
                connected.countDown();
                for (int i = 0; i < ITEMS; i++) {
                    Thread.interrupted();
                    Object value = removeOne.apply(i);
                    if (value != null) {
                        removed.add(value);
                    }
                }
                done.set(true);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (interrupterStopped.getCount() > 0 && System.nanoTime() < deadline) {
                    Thread.interrupted();
                    try {
                        interrupterStopped.await(1, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        // a last interrupt of the other thread: wait again
                    }
                }
                Thread.interrupted();
                Thread.currentThread().interrupt();
                removeOne.apply(ITEMS);
                interruptKept[0] = Thread.currentThread().isInterrupted();
            } catch (Throwable t) {
                failure.set(t);
            } finally {
                done.set(true);
            }
        });
        Thread interrupter = new Thread(() -> {
            while (!done.get()) {
                consumer.interrupt();
                LockSupport.parkNanos(20_000);
            }
            interrupterStopped.countDown();
        });
        consumer.start();
        assertThat(connected.await(60, TimeUnit.SECONDS)).isTrue();
        interrupter.start();
        consumer.join(TimeUnit.MINUTES.toMillis(5));
        done.set(true);
        interrupter.join(TimeUnit.SECONDS.toMillis(60));
        assertThat(consumer.isAlive()).as("the consumer finished").isFalse();
        assertThat(failure.get()).as("no call failed").isNull();
        assertThat(interruptKept[0]).as("the interrupt status is kept across a call").isTrue();
        return removed;
    }

    private static List<Object> items() {
        return IntStream.range(0, ITEMS).mapToObj(i -> "item-" + i).collect(Collectors.toList());
    }

    @Test
    void mapRemoveInterruptedRepeatedlyReturnsEveryRemovedValueExactlyOnce() throws Exception {
        SharedMap<Integer, Object> map = manager.map();
        map.putAll(IntStream.range(0, ITEMS).boxed().collect(Collectors.toMap(i -> i, i -> "item-" + i)));
        List<Object> removed = removeAllWhileInterrupted(map, map::remove);
        assertThat(removed).containsExactlyElementsOf(items());
        assertThat(map).isEmpty();
    }

    @Test
    void listRemoveAtInterruptedRepeatedlyReturnsEveryRemovedElementExactlyOnce() throws Exception {
        SharedList<Object> list = manager.list(items());
        list.add("last");
        List<Object> removed = removeAllWhileInterrupted(list, i -> list.remove(0));
        assertThat(removed).containsExactlyElementsOf(items());
        assertThat(list).isEmpty();
    }

    @Test
    void queuePollInterruptedRepeatedlyReturnsEveryItemExactlyOnce() throws Exception {
        SharedQueue<Object> queue = manager.queue();
        queue.addAll(items());
        List<Object> removed = removeAllWhileInterrupted(queue, i -> queue.poll());
        assertThat(removed).containsExactlyElementsOf(items());
        assertThat(queue).isEmpty();
    }
}
