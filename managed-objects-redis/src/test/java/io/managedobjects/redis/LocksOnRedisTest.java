package io.managedobjects.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedobjects.Manager;
import io.managedobjects.SharedCondition;
import io.managedobjects.SharedLock;
import io.managedobjects.contracts.LocksContract;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The locks' contract on a real redis-server, and the hand-overs only Redis's own functions can be made to race. */
@ExtendWith(RedisServer.class)
class LocksOnRedisTest extends LocksContract {

    @Override
    protected Manager connect() {
        return RedisServer.manager();
    }

    @Test
    void aConditionWaiterWhoseHandOverAnotherThreadReleasedGoesBackInLine() {
        Set<String> before = new HashSet<>();
        manager.info().connections().forEach(c -> before.add(c.id()));
        try (Manager own = RedisServer.manager()) {
            String session = own.info().connections().stream().map(io.managedobjects.ConnectionInfo::id)
                    .filter(id -> !before.contains(id)).findFirst().orElseThrow();
            SharedLock lock = own.lock();
            SharedCondition condition = own.condition(lock);
            io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(RedisServer.address());
            try (io.lettuce.core.api.StatefulRedisConnection<byte[], byte[]> connection =
                    client.connect(io.lettuce.core.codec.ByteArrayCodec.INSTANCE)) {
                // the functions a waiting thread "1", a signalling thread "2" and a releasing thread "3" call, in the order
                // that strands the waiter when a plain lock's hand-over is released by another thread before it sees it
                Call call = (op, id, args) -> {
                    List<Object> reply = connection.sync().fcall(RedisFunctions.FUNCTION, io.lettuce.core.ScriptOutputType.MULTI,
                            new byte[][] {RedisAddress.DEFAULT_PREFIX.getBytes(StandardCharsets.UTF_8)},
                            RedisFunctions.values(op, session, id, args));
                    return reply.isEmpty() ? null : reply.get(0);
                };
                assertThat((Long) call.run("lockTry", lock.sharedId(), "1", "1")).isPositive();
                call.run("condAwait", condition.sharedId(), "1");
                assertThat((Long) call.run("lockTry", lock.sharedId(), "2", "1")).isPositive();
                call.run("condSignal", condition.sharedId(), "2", "0");
                call.run("unlock", lock.sharedId(), "2");   // handed to the waiter "1", which has not seen it yet
                call.run("unlock", lock.sharedId(), "3");   // anyone may release a plain lock
                assertThat((Long) call.run("condTry", condition.sharedId(), "1")).as("back in line, handed the lock again").isZero();
                assertThat((Long) call.run("condTry", condition.sharedId(), "1")).as("the waiter has the lock, signalled").isEqualTo(1);
                assertThat(lock.isLocked()).isTrue();
            } finally {
                client.shutdown();
            }
        }
    }

    /** One call of the library's function in the test's session. */
    @FunctionalInterface
    private interface Call {
        Object run(String operation, String id, Object... args);
    }
}
