package io.managedobjects.redis;

import io.managedobjects.Manager;
import io.managedobjects.contracts.ArraysContract;
import org.junit.jupiter.api.extension.ExtendWith;

/** The arrays' contract on a real redis-server. */
@ExtendWith(RedisServer.class)
class ArraysOnRedisTest extends ArraysContract {

    @Override
    protected Manager connect() {
        return RedisServer.manager();
    }
}
