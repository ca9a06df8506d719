package io.managedobjects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.managedobjects.custom.Counter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Many calls in flight on one connection, answered in order through futures. */
class PipelineTest {

    static Manager manager;

    @BeforeAll
    static void start() {
        manager = Manager.builder().register(Counter.class).start();
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    @Test
    void tenThousandPipelinedPutsAllLandAndRepliesComeBackInOrder() throws Exception {
        SharedMap<String, Integer> map = manager.map();
        List<CompletableFuture<Integer>> previous = new ArrayList<>();
        try (Pipeline pipeline = manager.pipeline()) {
            for (int i = 0; i < 10_000; i++) {
                int n = i;
                previous.add(pipeline.call(map, m -> m.put("k", n)));
            }
            CompletableFuture<Integer> size = pipeline.call(map, SharedMap::size);
            pipeline.flush();
            assertThat(size.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        }
        assertThat(previous.get(0).join()).isNull();
        for (int i = 1; i < previous.size(); i++) {
            assertThat(previous.get(i).join()).isEqualTo(i - 1);
        }
        assertThat(map.get("k")).isEqualTo(9_999);
    }

    @Test
    void exceptionsCompleteTheirFutureAndLaterCallsStillRun() throws Exception {
        SharedList<String> list = manager.list(List.of("a"));
        try (Pipeline pipeline = manager.pipeline()) {
            CompletableFuture<String> missing = pipeline.call(list, l -> l.get(5));
            CompletableFuture<Boolean> added = pipeline.call(list, l -> l.add("b"));
            pipeline.flush();
            assertThatThrownBy(missing::join).isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(IndexOutOfBoundsException.class);
            assertThat(added.join()).isTrue();
        }
        assertThat(list).containsExactly("a", "b");
    }

    @Test
    void hostedInstancesAndCountersCanBePipelined() throws Exception {
        Counter counter = manager.create(Counter.class);
        SharedAtomicLong hits = manager.atomicLong(0);
        try (Pipeline pipeline = manager.pipeline()) {
            CompletableFuture<Long> last = null;
            for (int i = 0; i < 1000; i++) {
                last = pipeline.call(counter, Counter::increment);
                pipeline.call(hits, SharedAtomicLong::incrementAndGet);
            }
            pipeline.flush();
            assertThat(last.join()).isEqualTo(1000L);
        }
        assertThat(hits.get()).isEqualTo(1000);
    }

    @Test
    void callsThatBlockOrNeedSeveralRoundTripsAreRefused() {
        SharedLock lock = manager.lock();
        SharedMap<String, Integer> map = manager.map();
        try (Pipeline pipeline = manager.pipeline()) {
            assertThatThrownBy(() -> pipeline.call(lock, l -> {
                l.lock();
                return null;
            })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be pipelined");
            assertThatThrownBy(() -> pipeline.call(map, m -> m.merge("a", 1, Integer::sum)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exactly one remote call");
            assertThatThrownBy(() -> pipeline.call(map, m -> "no call")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aDeadServerFailsThePendingFuturesAndLaterCalls() throws Exception {
        try (Manager own = Manager.start()) {
            SharedMap<Integer, Integer> map = own.map();
            Pipeline pipeline = own.pipeline();
            pipeline.call(map, m -> m.put(1, 1)).get(10, TimeUnit.SECONDS);
            ProcessHandle server = ProcessHandle.of(own.info().server().pid()).orElseThrow();
            server.destroyForcibly();
            server.onExit().get(30, TimeUnit.SECONDS);
            Conditions.await("the pipeline notices the dead server", () -> {
                try {
                    pipeline.call(map, m -> m.put(2, 2)).get(10, TimeUnit.SECONDS);
                    return false;
                } catch (ManagerConnectionException e) {
                    return true;
                } catch (Exception e) {
                    return e.getCause() instanceof ManagerConnectionException;
                }
            });
            pipeline.close();
        }
    }
}
