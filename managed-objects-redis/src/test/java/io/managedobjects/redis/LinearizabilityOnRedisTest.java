package io.managedobjects.redis;

import io.managedobjects.Manager;
import io.managedobjects.contracts.LinearizabilityContract;
import org.junit.jupiter.api.extension.ExtendWith;

/** Linearizable histories of concurrent clients, on a real redis-server. */
@ExtendWith(RedisServer.class)
class LinearizabilityOnRedisTest extends LinearizabilityContract {

    @Override
    protected Manager connect() {
        return RedisServer.manager();
    }
}
