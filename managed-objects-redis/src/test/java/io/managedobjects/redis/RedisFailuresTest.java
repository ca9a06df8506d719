package io.managedobjects.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.managedobjects.Conditions;
import io.managedobjects.Manager;
import io.managedobjects.ManagerConnectionException;
import io.managedobjects.ManagerException;
import io.managedobjects.SharedMap;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Redis killed under load: every call fails with {@code ManagerConnectionException} instead of hanging; Redis back
 * without its data: proxies of the objects it lost fail clearly, and new ones work.
 */
@ExtendWith(RedisServer.class)
class RedisFailuresTest {

    @Test
    void callsFailClearlyWhileRedisIsDownAndProxiesOfLostObjectsSaySoOnceItIsBack() throws Exception {
        try (Manager manager = Manager.builder().address(RedisServer.address()).sessionTimeout(Duration.ofSeconds(2)).connect()) {
            SharedMap<Integer, Integer> anonymous = manager.map();
            SharedMap<Integer, Integer> named = manager.map("kept-only-in-memory");
            anonymous.put(0, 0);
            CompletableFuture<Throwable> load = CompletableFuture.supplyAsync(() -> {
                try {
                    for (int i = 0; ; i++) {
                        anonymous.put(i % 100, i);
                    }
                } catch (RuntimeException e) {
                    return e;
                }
            });
            Conditions.await("puts under way", () -> anonymous.size() > 50);
            RedisServer.running().process.destroyForcibly().waitFor();
            assertThat(load.get(60, TimeUnit.SECONDS)).isInstanceOf(ManagerConnectionException.class);
            assertThatThrownBy(anonymous::size).isInstanceOf(ManagerConnectionException.class).hasMessageContaining("cannot be reached");

            RedisServer.restart();   // empty: no persistence
            Conditions.await("the manager reconnected", () -> {
                try {
                    manager.map().put(1, 1);
                    return true;
                } catch (ManagerConnectionException e) {
                    return false;
                }
            });
            assertThatThrownBy(anonymous::size).isInstanceOf(ManagerException.class).hasMessageContaining("lost its data");
            assertThatThrownBy(named::size).isInstanceOf(ManagerException.class).hasMessageContaining("lost its data");
            SharedMap<Integer, Integer> again = manager.map("kept-only-in-memory");
            again.put(1, 1);
            assertThat(again).containsEntry(1, 1);
        }
    }

    @Test
    void aSynchronizationCallSentAgainAfterAReconnectionIsAppliedOnce() {
        java.util.Set<String> before = new java.util.HashSet<>();
        try (Manager other = Manager.builder().address(RedisServer.address()).connect()) {
            other.info().connections().forEach(c -> before.add(c.id()));
        }
        try (Manager manager = RedisServer.manager()) {
            io.managedobjects.SharedSemaphore semaphore = manager.semaphore(0);
            String session = manager.info().connections().stream().map(io.managedobjects.ConnectionInfo::id)
                    .filter(id -> !before.contains(id)).findFirst().orElseThrow();
            // one release, as Lettuce sends it twice when the connection drops before the reply: same bytes, same token
            byte[][] release = RedisFunctions.values("semRelease", session, semaphore.sharedId(), 1);
            io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(RedisServer.address());
            try (io.lettuce.core.api.StatefulRedisConnection<byte[], byte[]> connection =
                    client.connect(io.lettuce.core.codec.ByteArrayCodec.INSTANCE)) {
                byte[][] keys = {RedisAddress.DEFAULT_PREFIX.getBytes(java.nio.charset.StandardCharsets.UTF_8)};
                for (int time = 0; time < 2; time++) {
                    connection.sync().fcall(RedisFunctions.FUNCTION, io.lettuce.core.ScriptOutputType.MULTI, keys, release);
                }
            } finally {
                client.shutdown();
            }
            assertThat(semaphore.availablePermits()).as("the release sent twice added one permit").isEqualTo(1);
            semaphore.release();
            assertThat(semaphore.availablePermits()).as("a new release is a new call").isEqualTo(2);
        }
    }
}
