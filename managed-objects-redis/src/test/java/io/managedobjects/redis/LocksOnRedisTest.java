package io.managedobjects.redis;

import io.managedobjects.Manager;
import io.managedobjects.contracts.LocksContract;
import org.junit.jupiter.api.extension.ExtendWith;

/** The locks' contract on a real redis-server. */
@ExtendWith(RedisServer.class)
class LocksOnRedisTest extends LocksContract {

    @Override
    protected Manager connect() {
        return RedisServer.manager();
    }
}
