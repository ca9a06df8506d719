package io.managedobjects.redis;

import io.managedobjects.Manager;
import io.managedobjects.contracts.LoadContract;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The load contract on a real redis-server: 16 processes × 150 rounds of 5 operations (a call through Redis costs a few
 * times one through a manager server, and the 16 JVMs, Redis and the test share the machine).
 */
@ExtendWith(RedisServer.class)
class LoadOnRedisTest extends LoadContract {

    @Override
    protected Manager connect() {
        return RedisServer.manager();
    }

    @Override
    protected int rounds() {
        return 150;
    }
}
