package io.managedobjects.redis;

import io.managedobjects.Manager;
import io.managedobjects.contracts.LocksContract;
import java.time.Duration;
import org.junit.jupiter.api.extension.ExtendWith;

/** The locks' contract on a real redis-server. */
@ExtendWith(RedisServer.class)
class LocksOnRedisTest extends LocksContract {

    @Override
    protected Manager connect() {
        // a killed holder's lock is released once its session times out: short enough to wait on, long enough that a
        // loaded machine's pauses never end a live session
        return Manager.builder().address(RedisServer.address()).sessionTimeout(Duration.ofSeconds(5)).connect();
    }

    @Override
    protected boolean startsProcesses() {
        return true;
    }
}
