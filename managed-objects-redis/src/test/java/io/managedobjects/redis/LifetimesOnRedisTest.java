package io.managedobjects.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.managedobjects.Conditions;
import io.managedobjects.Manager;
import io.managedobjects.ObjectInfo;
import io.managedobjects.SharedMap;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Anonymous objects on Redis are counted across processes: a proxy held anywhere, or a reference stored in another
 * object, keeps one (and shows in its count); the objects a killed process held are released once its session's lease
 * runs out. What frees an object on every backend is {@code ReferenceLifetimesContract}'s.
 */
@ExtendWith(RedisServer.class)
class LifetimesOnRedisTest {

    static Manager manager;

    @BeforeAll
    static void connect() {
        // short enough for the test to wait on, long enough that a loaded machine's pauses never end a live session
        manager = Manager.builder().address(RedisServer.address()).sessionTimeout(Duration.ofSeconds(5)).connect();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static Optional<ObjectInfo> object(String id) {
        return manager.info().objects().stream().filter(o -> o.id().equals(id)).findFirst();
    }

    @Test
    void aReferenceStoredInAnotherObjectCountsAsOneReferenceUntilItIsRemoved() {
        SharedMap<String, Object> holder = manager.map("holder");
        String inner = storeAnonymousMapIn(holder);
        Conditions.await("the inner map held by the stored reference alone", () -> {
            System.gc();
            return object(inner).map(o -> o.refCount() == 1).orElse(false);
        });
        assertThat(((SharedMap<?, ?>) holder.get("inner")).get("x")).isEqualTo(1);
        holder.remove("inner");
        Conditions.await("the inner map freed once no reference is left", () -> {
            System.gc();
            return object(inner).isEmpty();
        });
    }

    private static String storeAnonymousMapIn(SharedMap<String, Object> holder) {
        SharedMap<String, Integer> inner = manager.map();
        inner.put("x", 1);
        holder.put("inner", inner);
        return inner.sharedId();
    }

    @Test
    void aManagerWhoseSessionEndedWhileItLivedOpensANewOneAtItsNextCall() {
        java.util.Set<String> before = new java.util.HashSet<>();
        manager.info().connections().forEach(c -> before.add(c.id()));
        try (Manager paused = Manager.builder().address(RedisServer.address()).connect()) {
            String session = manager.info().connections().stream().map(io.managedobjects.ConnectionInfo::id)
                    .filter(id -> !before.contains(id)).findFirst().orElseThrow();
            SharedMap<String, Integer> named = paused.map("survivor");
            named.put("a", 1);
            SharedMap<String, Integer> anonymous = paused.map();
            anonymous.put("b", 2);
            endSession(session);   // as another client does once the session's lease ran out
            assertThat(named.get("a")).isEqualTo(1);
            assertThatThrownBy(anonymous::size).isInstanceOf(IllegalStateException.class).hasMessageContaining("no longer exists");
            assertThat(manager.info().connections()).noneMatch(c -> c.id().equals(session))
                    .anyMatch(c -> !before.contains(c.id()));
        }
    }

    private static void endSession(String session) {
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(RedisServer.address());
        try (io.lettuce.core.api.StatefulRedisConnection<byte[], byte[]> connection =
                client.connect(io.lettuce.core.codec.ByteArrayCodec.INSTANCE)) {
            new RedisFunctions(connection, RedisAddress.DEFAULT_PREFIX, RedisServer.address()).call("close", session, "");
        } finally {
            client.shutdown();
        }
    }

    @Test
    void releasesAfterAManagerClosedChangeNothing() {
        SharedMap<String, Integer> kept = manager.map();
        kept.put("a", 1);
        Manager other = Manager.builder().address(RedisServer.address()).connect();
        SharedMap<String, Integer> seen = other.proxy(kept.sharedRef());
        assertThat(object(kept.sharedId()).orElseThrow().refCount()).isEqualTo(2);
        other.close();
        Conditions.await("the closed manager's session gone", () -> object(kept.sharedId()).orElseThrow().refCount() == 1);
        // the other manager's proxy becomes unreachable after its session ended: its release must take nothing
        java.lang.ref.WeakReference<Object> released = new java.lang.ref.WeakReference<>(seen);
        seen = null;
        Conditions.await("the other manager's proxy collected", () -> {
            System.gc();
            return released.get() == null;
        });
        SharedMap<String, Integer> probe = manager.map();   // a release queued by then has been sent by now, or never
        probe.put("b", 2);
        assertThat(kept.get("a")).isEqualTo(1);
        assertThat(object(kept.sharedId()).orElseThrow().refCount()).isEqualTo(1);
    }

    @Test
    void theObjectsOfAKilledProcessAreReleasedOnceItsSessionTimesOut() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), HoldingProcess.class.getName(), RedisServer.address())
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("id ")) {
                // the child's other output
            }
            assertThat(line).as("the child's output").isNotNull();
            String id = line.substring("id ".length());
            assertThat(object(id)).isPresent();
            assertThat(manager.info().connections()).anyMatch(c -> c.pid() == child.pid());
            child.destroyForcibly().waitFor();
            Conditions.awaitSessionEnded(manager::info, child.pid());
            Conditions.await("the killed process's map released", () -> object(id).isEmpty());
        } finally {
            child.destroyForcibly().waitFor();
        }
    }
}
