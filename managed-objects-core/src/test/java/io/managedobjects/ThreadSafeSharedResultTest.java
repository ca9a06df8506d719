package io.managedobjects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.managedobjects.custom.Journal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code @SharedResult} collections of a thread-safe class, whose own methods run concurrently with them. */
class ThreadSafeSharedResultTest {

    static final byte[] KEY = "thread-safe-shared-result-key".getBytes(StandardCharsets.UTF_8);

    ManagerServer server;
    Manager manager;
    final ExecutorService threads = Executors.newCachedThreadPool();

    @BeforeEach
    void start() {
        server = ManagerServer.builder().authKey(KEY).register(Journal.class).build().start();
        manager = Manager.connect(server.address(), KEY);
    }

    @AfterEach
    void stop() {
        threads.shutdownNow();
        manager.close();
        server.close();
    }

    private long callsOn(SharedObject object) {
        return manager.info().objects().stream().filter(o -> o.id().equals(object.sharedId())).findFirst()
                .orElseThrow().calls();
    }

    @Test
    void callsOnASharedSynchronizedListLockItAsTheOwnersCompoundActionsDo() throws Exception {
        Journal journal = manager.create(Journal.class);
        List<String> entries = journal.entries();
        assertThat(entries).isInstanceOf(SharedList.class);
        Future<Boolean> pair = threads.submit(() -> journal.appendPair("first", "second"));
        Conditions.await("the owner inside its compound action", journal::holding);

        Future<Integer> size = threads.submit(entries::size);
        Conditions.await("the size call on the server", () -> callsOn((SharedObject) entries) >= 1);
        journal.letGo();

        assertThat(size.get(60, TimeUnit.SECONDS)).as("never half of the pair").isEqualTo(2);
        assertThat(pair.get(60, TimeUnit.SECONDS)).isTrue();
        assertThat(entries).containsExactly("first", "second");
    }

    @Test
    void removeIfOnASharedListKeepsWhatTheOwnerAddedMeanwhile() {
        Journal journal = manager.create(Journal.class);
        List<String> entries = journal.entries();
        entries.addAll(List.of("keep", "drop"));
        boolean[] appended = {false};
        assertThat(entries.removeIf(entry -> {
            if (!appended[0]) {
                appended[0] = true;
                journal.append("added meanwhile");
            }
            return entry.equals("drop");
        })).isTrue();
        assertThat(entries).containsExactly("keep", "added meanwhile");
    }

    @Test
    void aSharedConcurrentMapLosesNoUpdateWhileTheOwnerUpdatesItConcurrently() throws Exception {
        Journal journal = manager.create(Journal.class);
        Map<String, Integer> counts = journal.counts();
        assertThat(counts).isInstanceOf(SharedMap.class);
        CompletableFuture<Integer> owner = CompletableFuture.supplyAsync(() -> journal.incrementUntilStopped("hits"), threads);
        Conditions.await("the owner incrementing", () -> counts.containsKey("hits"));
        for (int i = 0; i < 500; i++) {
            counts.merge("hits", 1, Integer::sum);
            counts.compute("hits", (k, v) -> v + 1);
        }
        journal.stop();
        int ownerIncrements = owner.get(60, TimeUnit.SECONDS);
        assertThat(counts.get("hits")).isEqualTo(ownerIncrements + 1_000);
    }

    @Test
    void aThreadSafeClassCannotShareAPlainCollectionAndIsToldWhatToReturn() {
        Journal journal = manager.create(Journal.class);
        assertThatThrownBy(journal::unguarded).isInstanceOf(ManagerException.class)
                .hasMessageContaining("Journal.unguarded()")
                .hasMessageContaining("threadSafe")
                .hasMessageContaining("java.util.ArrayList")
                .hasMessageContaining("Collections.synchronizedList");
        assertThat(manager.info().objects()).noneMatch(o -> o.type().equals("list"));
    }
}
