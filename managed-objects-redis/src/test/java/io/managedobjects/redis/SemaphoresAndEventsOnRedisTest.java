package io.managedobjects.redis;

import io.managedobjects.Manager;
import io.managedobjects.contracts.SemaphoresAndEventsContract;
import java.time.Duration;
import org.junit.jupiter.api.extension.ExtendWith;

/** The semaphores' and events' contract on a real redis-server. */
@ExtendWith(RedisServer.class)
class SemaphoresAndEventsOnRedisTest extends SemaphoresAndEventsContract {

    @Override
    protected Manager connect() {
        // a killed holder's permits come back once its session times out: short enough to wait on, long enough that a
        // loaded machine's pauses never end a live session
        return Manager.builder().address(RedisServer.address()).sessionTimeout(Duration.ofSeconds(5)).connect();
    }

    @Override
    protected boolean startsProcesses() {
        return true;
    }
}
