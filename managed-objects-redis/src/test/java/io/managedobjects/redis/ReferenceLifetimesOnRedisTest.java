package io.managedobjects.redis;

import io.managedobjects.Manager;
import io.managedobjects.contracts.ReferenceLifetimesContract;
import org.junit.jupiter.api.extension.ExtendWith;

/** The reference lifetimes' contract on a real redis-server. */
@ExtendWith(RedisServer.class)
class ReferenceLifetimesOnRedisTest extends ReferenceLifetimesContract {

    @Override
    protected Manager connect() {
        // cycles are collected every other session timeout: short enough to wait on, long enough for a loaded machine
        return Manager.builder().address(RedisServer.address()).sessionTimeout(java.time.Duration.ofSeconds(5)).connect();
    }

    @Override
    protected boolean startsProcesses() {
        return true;
    }
}
