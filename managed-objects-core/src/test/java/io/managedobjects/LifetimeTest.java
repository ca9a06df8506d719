package io.managedobjects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reference counting across processes: nothing leaks, nothing referenced is freed. */
class LifetimeTest {

    static final byte[] KEY = "lifetime-test-key-0123".getBytes(StandardCharsets.UTF_8);

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

    private int hosted() {
        return server.info().objects().size();
    }

    /** Waits, collecting garbage, until the condition holds; bounded. */
    private static void awaitCollected(BooleanSupplier condition) {
        Conditions.await("unreachable objects collected", () -> {
            System.gc();
            return condition.getAsBoolean();
        });
    }

    @Test
    void droppedAnonymousProxiesAreReleasedAndTheServerReturnsToItsBaseline() throws InterruptedException {
        SharedMap<String, Integer> kept = manager.map();
        int baseline = hosted();
        for (int i = 0; i < 100_000; i++) {
            SharedList<Integer> dropped = manager.list();
            if (i % 10_000 == 0) {
                dropped.add(i);
                System.gc();
            }
        }
        awaitCollected(() -> hosted() == baseline);
        kept.put("still", 1);
        assertThat(kept).containsEntry("still", 1);
    }

    /** Waits until a dropped sentinel object is collected: proof that the collector has swept since. */
    private void awaitACollectorSweep() throws InterruptedException {
        String sentinel = manager.list().sharedId();
        awaitCollected(() -> server.info().objects().stream().noneMatch(o -> o.id().equals(sentinel)));
    }

    private long refCount(String id) {
        return server.info().objects().stream().filter(o -> o.id().equals(id)).findFirst().orElseThrow().refCount();
    }

    @Test
    void aReferenceStoredInAContainerKeepsItsTargetAliveUntilRemoved() throws InterruptedException {
        SharedList<Object> container = manager.list();
        container.add(manager.map());
        String innerId = ((SharedObject) container.get(0)).sharedId();
        awaitCollected(() -> refCount(innerId) == 0);
        awaitACollectorSweep();
        assertThat(server.info().objects()).extracting(ObjectInfo::id).contains(innerId);

        container.clear();
        awaitCollected(() -> server.info().objects().stream().noneMatch(o -> o.id().equals(innerId)));
    }

    @Test
    void aSelfContainingListIsFreedOnceNothingElseHoldsIt() throws InterruptedException {
        int baseline = hosted();
        createSelfContainingList();
        awaitCollected(() -> hosted() == baseline);
    }

    private void createSelfContainingList() {
        SharedList<Object> list = manager.list();
        list.add(list);
        SharedList<Object> other = manager.list();
        other.add(list);
        list.add(other);
    }

    @Test
    void namedObjectsLiveUntilDestroyed() throws InterruptedException {
        SharedMap<String, Integer> survivor = manager.map("named-survivor");
        survivor.put("k", 1);
        String id = survivor.sharedId();
        survivor = null;
        awaitCollected(() -> refCount(id) == 0);
        awaitACollectorSweep();
        assertThat(manager.<String, Integer>map("named-survivor")).containsEntry("k", 1);
        SharedMap<String, Integer> proxy = manager.map("named-survivor");
        manager.destroy(proxy);
        assertThatThrownBy(() -> proxy.get("k")).isInstanceOf(IllegalStateException.class).hasMessageContaining("destroyed");
    }

    @Test
    void disconnectingReleasesEverythingTheClientHeld() throws InterruptedException {
        int baseline = hosted();
        Manager other = Manager.connect(server.address(), KEY);
        List<SharedObject> held = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            held.add(other.map());
        }
        assertThat(hosted()).isEqualTo(baseline + 100);
        other.close();
        awaitCollected(() -> hosted() == baseline);
        assertThat(held).hasSize(100);
    }

    /** Creates 1,000 anonymous objects, says so, then waits to be killed. */
    public static final class Hoarder implements ProcessTask {
        @Override
        public void run(Object... args) throws Exception {
            Manager manager = Manager.inherited();
            List<SharedObject> hoard = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                hoard.add(manager.list());
            }
            System.out.println("hoarded " + hoard.size());
            new java.util.concurrent.CountDownLatch(1).await();
        }
    }

    @Test
    void objectsOfAKilledChildAreFreed() throws Exception {
        int baseline = hosted();
        java.io.PipedInputStream pipe = new java.io.PipedInputStream(1 << 16);
        java.io.PrintStream original = System.out;
        java.io.PrintStream tee = new java.io.PrintStream(new java.io.PipedOutputStream(pipe), true, StandardCharsets.UTF_8);
        ManagedProcess child;
        System.setOut(tee);
        try {
            child = manager.process(Hoarder.class).start();
        } finally {
            System.setOut(original);
        }
        try (BufferedReader out = new BufferedReader(new InputStreamReader(pipe, StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.startsWith("hoarded"));
            assertThat(line).isEqualTo("hoarded 1000");
            assertThat(hosted()).isGreaterThanOrEqualTo(baseline + 1000);
            child.kill();
            assertThat(child.join(Duration.ofSeconds(30))).isTrue();
        } finally {
            child.kill();
            tee.close();
        }
        awaitCollected(() -> hosted() == baseline);
    }

    @Test
    void objectsCreatedByAThreadThatHasEndedStayAliveForTheManager() throws Exception {
        SharedMap<String, Integer>[] created = new SharedMap[1];
        Thread creator = new Thread(() -> {
            created[0] = manager.map();
            created[0].put("made", 1);
        });
        creator.start();
        creator.join();
        awaitACollectorSweep();
        awaitACollectorSweep();
        assertThat(created[0]).containsEntry("made", 1);
    }
}
