package io.managedobjects.redis;

import io.managedobjects.Manager;
import io.managedobjects.contracts.LinearizabilityContract;
import org.junit.jupiter.api.extension.ExtendWith;

/** Linearizable histories of concurrent clients, on a real redis-server. */
@ExtendWith(RedisServer.class)
class LinearizabilityOnRedisTest extends LinearizabilityContract {

    @Override
    protected Manager connect() {
        return Manager.builder().address(RedisServer.address()).connect();
    }

    @Override
    protected boolean startsProcesses() {
        return true;
    }
}
