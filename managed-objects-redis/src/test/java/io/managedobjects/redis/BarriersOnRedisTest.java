package io.managedobjects.redis;

import io.managedobjects.Manager;
import io.managedobjects.contracts.BarriersContract;
import java.time.Duration;
import org.junit.jupiter.api.extension.ExtendWith;

/** The barriers' contract on a real redis-server. */
@ExtendWith(RedisServer.class)
class BarriersOnRedisTest extends BarriersContract {

    @Override
    protected Manager connect() {
        // a killed party breaks the barrier once its session times out: short enough to wait on, long enough that a
        // loaded machine's pauses never end a live session
        return Manager.builder().address(RedisServer.address()).sessionTimeout(Duration.ofSeconds(5)).connect();
    }

    @Override
    protected boolean startsProcesses() {
        return true;
    }
}
