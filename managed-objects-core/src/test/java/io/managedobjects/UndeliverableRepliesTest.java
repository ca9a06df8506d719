package io.managedobjects;

import static io.managedobjects.Conditions.awaitState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.managedobjects.fixtures.Person;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reply that cannot reach its caller (above the frame limit, or of a type the caller does not trust)
 * fails that call with a clear error, and loses nothing: an item stays queued, reference counts stay.
 */
class UndeliverableRepliesTest {

    static final byte[] KEY = "undeliverable-replies-test-key".getBytes(StandardCharsets.UTF_8);
    static final int SMALL_FRAMES = 8 * 1024;

    @TempDir
    Path dir;
    ManagerServer server;
    Manager producer;
    final List<AutoCloseable> closeLater = new ArrayList<>();

    @BeforeEach
    void start() {
        server = ManagerServer.builder().address("unix:" + dir.resolve("s")).authKey(KEY)
                .trustedPackages("io.managedobjects.fixtures").build().start();
        producer = Manager.builder().address(server.address()).authKey(KEY).trustedPackages("io.managedobjects.fixtures").connect();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : closeLater) {
            closeable.close();
        }
        producer.close();
        server.close();
    }

    private Manager consumer(ManagerBuilder builder) {
        Manager consumer = builder.address(server.address()).authKey(KEY).connect();
        closeLater.add(consumer);
        return consumer;
    }

    private static Throwable failureOf(CompletableFuture<?> call) throws Exception {
        try {
            call.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("the call succeeded: " + call.get());
    }

    @Test
    void aParkedTakeWhoseItemExceedsTheCallersFrameLimitFailsClearlyAndTheItemStays() throws Exception {
        Manager consumer = consumer(Manager.builder().maxFrameBytes(SMALL_FRAMES));
        SharedQueue<String> queue = producer.queue("big-items");
        SharedQueue<String> consumerView = consumer.queue("big-items");
        CompletableFuture<String> take = CompletableFuture.supplyAsync(() -> {
            try {
                return consumerView.take();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        awaitState(producer, queue, "takers", 1);
        String big = "x".repeat(20_000);
        queue.put(big);

        assertThat(failureOf(take)).isInstanceOf(ManagerException.class).isNotInstanceOf(ManagerConnectionException.class)
                .hasMessageContaining("'take'").hasMessageContaining("bytes, above the frame limit of " + SMALL_FRAMES + " bytes");
        assertThat(queue.size()).as("the item stays queued").isEqualTo(1);
        assertThat(consumerView.size()).as("the consumer is still connected").isEqualTo(1);
        assertThat(queue.take()).isEqualTo(big);
    }

    @Test
    void aTakeOrPollOfAnItemAboveTheCallersFrameLimitFailsClearlyAndLeavesItQueued() throws Exception {
        Manager consumer = consumer(Manager.builder().maxFrameBytes(SMALL_FRAMES));
        SharedQueue<String> queue = producer.queue("queued-big-items");
        String big = "y".repeat(20_000);
        queue.put(big);
        SharedQueue<String> consumerView = consumer.queue("queued-big-items");

        assertThatThrownBy(consumerView::take).isInstanceOf(ManagerException.class)
                .isNotInstanceOf(ManagerConnectionException.class)
                .hasMessageContaining("above the frame limit of " + SMALL_FRAMES + " bytes");
        assertThatThrownBy(consumerView::poll).isInstanceOf(ManagerException.class)
                .hasMessageContaining("above the frame limit of " + SMALL_FRAMES + " bytes");
        assertThat(consumerView.size()).isEqualTo(1);
        assertThat(queue.poll()).isEqualTo(big);
    }

    @Test
    void aSnapshotAboveTheFrameLimitFailsClearlyAndLeavesEveryReferenceCountAsItWas(@TempDir Path small) throws Exception {
        try (ManagerServer limited = ManagerServer.builder().address("unix:" + small.resolve("s")).authKey(KEY)
                .maxFrameBytes(4096).build().start();
                Manager client = Manager.connect(limited.address(), KEY)) {
            SharedList<SharedMap<String, Integer>> list = client.list();
            // held, so that the collector of this JVM releases none of these proxies while the counts are compared
            List<SharedMap<String, Integer>> proxies = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                proxies.add(client.map());
                list.add(proxies.get(i));
            }
            Map<String, Long> before = refCounts(limited.info());

            assertThatThrownBy(() -> new ArrayList<>(list)).isInstanceOf(ManagerException.class)
                    .hasMessageContaining("above the frame limit of 4096 bytes");

            Map<String, Long> after = refCounts(limited.info());
            assertThat(after.keySet()).isEqualTo(before.keySet());
            assertThat(after.keySet().stream().filter(id -> !after.get(id).equals(before.get(id))).count())
                    .as("objects whose reference count changed").isZero();
            assertThat(list.get(7)).isInstanceOf(SharedMap.class);
            java.lang.ref.Reference.reachabilityFence(proxies);
        }
    }

    private static Map<String, Long> refCounts(ManagerInfo info) {
        return info.objects().stream().collect(Collectors.toMap(ObjectInfo::id, ObjectInfo::refCount));
    }

    @Test
    void removingAMapValueOrListElementTheCallerMayNotDecodeIsRefusedAndLeavesItInPlace() {
        Manager untrusting = consumer(Manager.builder());
        Person ann = new Person("Ann", 30, List.of());
        producer.<String, Object>map("people-by-name").put("ann", ann);
        producer.list("people-in-line").add(ann);
        SharedMap<String, Object> map = untrusting.map("people-by-name");
        SharedList<Object> list = untrusting.list("people-in-line");

        assertThatThrownBy(() -> map.remove("ann")).isInstanceOf(DisallowedTypeException.class)
                .hasMessageContaining(Person.class.getName());
        assertThatThrownBy(() -> list.remove(0)).isInstanceOf(DisallowedTypeException.class)
                .hasMessageContaining(Person.class.getName());

        assertThat(producer.<String, Object>map("people-by-name")).containsEntry("ann", ann);
        assertThat(producer.list("people-in-line")).containsExactly(ann);
    }

    @Test
    void aConsumerThatMayNotDecodeAQueuedItemIsRefusedAndTheItemStaysForOneThatMay() throws Exception {
        Manager untrusting = consumer(Manager.builder());
        SharedQueue<Object> queue = producer.queue("people");
        SharedQueue<Object> untrustingView = untrusting.queue("people");
        Person ann = new Person("Ann", 30, List.of());
        queue.put(ann);

        assertThatThrownBy(untrustingView::take).isInstanceOf(DisallowedTypeException.class)
                .hasMessageContaining(Person.class.getName()).hasMessageContaining("trustedPackages");
        assertThatThrownBy(untrustingView::poll).isInstanceOf(DisallowedTypeException.class);
        assertThatThrownBy(() -> untrustingView.poll(1, TimeUnit.SECONDS)).isInstanceOf(DisallowedTypeException.class);
        assertThat(untrustingView.size()).isEqualTo(1);
        assertThat(queue.take()).isEqualTo(ann);

        CompletableFuture<Object> parked = CompletableFuture.supplyAsync(() -> {
            try {
                return untrustingView.take();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        awaitState(producer, queue, "takers", 1);
        Person bob = new Person("Bob", 40, List.of());
        queue.put(bob);
        assertThat(failureOf(parked)).isInstanceOf(DisallowedTypeException.class).hasMessageContaining(Person.class.getName());
        assertThat(queue.size()).as("the item stays queued").isEqualTo(1);
        assertThat(queue.poll()).isEqualTo(bob);

        untrustingView.put("plain");
        assertThat(untrustingView.take()).isEqualTo("plain");
    }
}
