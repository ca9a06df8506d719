package io.managedobjects.redis;

import io.managedobjects.Manager;
import io.managedobjects.contracts.NestedObjectsContract;
import org.junit.jupiter.api.extension.ExtendWith;

/** Shared objects inside shared objects, on a real redis-server. */
@ExtendWith(RedisServer.class)
class NestedObjectsOnRedisTest extends NestedObjectsContract {

    @Override
    protected Manager connect() {
        return RedisServer.manager();
    }
}
