package io.managedobjects.redis;

import io.managedobjects.Manager;
import io.managedobjects.contracts.ReferenceLifetimesContract;
import org.junit.jupiter.api.extension.ExtendWith;

/** The reference lifetimes' contract on a real redis-server. */
@ExtendWith(RedisServer.class)
class ReferenceLifetimesOnRedisTest extends ReferenceLifetimesContract {

    @Override
    protected Manager connect() {
        return RedisServer.manager();
    }
}
