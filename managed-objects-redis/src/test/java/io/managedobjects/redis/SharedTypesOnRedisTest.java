package io.managedobjects.redis;

import io.managedobjects.Manager;
import io.managedobjects.contracts.SharedTypesContract;
import org.junit.jupiter.api.extension.ExtendWith;

/** The shared types' contract on a real redis-server. */
@ExtendWith(RedisServer.class)
class SharedTypesOnRedisTest extends SharedTypesContract {

    @Override
    protected Manager connect() {
        return RedisServer.manager();
    }
}
