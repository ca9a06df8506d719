package io.managedobjects.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedobjects.Manager;
import io.managedobjects.SharedList;
import io.managedobjects.SharedLock;
import io.managedobjects.SharedMap;
import io.managedobjects.SharedQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The load mix for as long as asked, on demand only:
 * {@code ./mvnw -pl managed-objects-core verify -Dtest=SoakTest -Dsoak.minutes=30 -Dsurefire.failIfNoSpecifiedTests=false}.
 * Eight client threads repeat the rounds of {@link LoadTest} with fresh objects each cycle; every cycle
 * is checked for lost or duplicated writes, and the server must end with no more objects than it began.
 */
@EnabledIfSystemProperty(named = "soak.minutes", matches = "\\d+")
class SoakTest {

    @Test
    void theLoadMixRunsForTheRequestedMinutesWithoutLosingAnything() throws Exception {
        Instant end = Instant.now().plus(Duration.ofMinutes(Long.parseLong(System.getProperty("soak.minutes"))));
        try (Manager manager = Manager.start()) {
            int baseline = manager.info().objects().size();
            int cycles = 0;
            while (Instant.now().isBefore(end)) {
                cycle(manager);
                cycles++;
                System.gc();
            }
            io.managedobjects.Conditions.await("objects of finished cycles freed", () -> {
                System.gc();
                return manager.info().objects().size() <= baseline;
            });
            System.out.println("soak: " + cycles + " cycles of " + 8 * LoadTest.ROUNDS * 5 + " operations");
        }
    }

    private static void cycle(Manager manager) throws Exception {
        SharedMap<String, Integer> map = manager.map();
        SharedList<String> list = manager.list();
        SharedLock lock = manager.lock();
        SharedMap<String, Long> counter = manager.map();
        counter.put("count", 0L);
        SharedQueue<String> queue = manager.queue();
        SharedList<String> consumed = manager.list();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int worker = i;
                workers.add(threads.submit(() -> {
                    LoadTest.runRounds(worker, map, list, lock, counter, queue, consumed);
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get(30, TimeUnit.MINUTES);
            }
        } finally {
            threads.shutdownNow();
        }
        int total = 8 * LoadTest.ROUNDS;
        assertThat(map).hasSize(total);
        assertThat(new HashSet<>(list)).hasSize(total);
        assertThat(counter.get("count")).isEqualTo((long) total);
        assertThat(new HashSet<>(consumed)).hasSize(total).isEqualTo(new HashSet<>(list));
    }
}
