package io.managedobjects.redis;

import io.managedobjects.Manager;
import io.managedobjects.contracts.BarriersContract;
import org.junit.jupiter.api.extension.ExtendWith;

/** The barriers' contract on a real redis-server. */
@ExtendWith(RedisServer.class)
class BarriersOnRedisTest extends BarriersContract {

    @Override
    protected Manager connect() {
        return RedisServer.manager();
    }
}
