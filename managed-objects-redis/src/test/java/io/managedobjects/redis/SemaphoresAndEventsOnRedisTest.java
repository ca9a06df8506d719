package io.managedobjects.redis;

import io.managedobjects.Manager;
import io.managedobjects.contracts.SemaphoresAndEventsContract;
import org.junit.jupiter.api.extension.ExtendWith;

/** The semaphores' and events' contract on a real redis-server. */
@ExtendWith(RedisServer.class)
class SemaphoresAndEventsOnRedisTest extends SemaphoresAndEventsContract {

    @Override
    protected Manager connect() {
        return RedisServer.manager();
    }
}
