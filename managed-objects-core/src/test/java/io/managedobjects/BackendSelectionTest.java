package io.managedobjects;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** An address selects its backend by scheme; one whose module is missing fails at once, naming the module. */
class BackendSelectionTest {

    @Test
    void aRedisAddressWithoutTheRedisModuleNamesTheModuleToAdd() {
        for (String address : new String[] {"redis://127.0.0.1:6379", "rediss://cache.example:6380/2", "redis-socket:///tmp/redis.sock"}) {
            assertThatThrownBy(() -> Manager.builder().address(address)).as(address)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("io.managedobjects:managed-objects-redis");
        }
    }

    @Test
    void anErrorNeverShowsThePasswordInAnAddress() {
        assertThatThrownBy(() -> Manager.builder().address("redis://admin:s3cret@127.0.0.1:6379"))
                .hasMessageContaining("redis://admin:***@127.0.0.1:6379").hasMessageNotContaining("s3cret");
    }

    @Test
    void anUnknownSchemeIsAMalformedManagerAddress() {
        assertThatThrownBy(() -> Manager.builder().address("memcached://127.0.0.1:11211"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Malformed address")
                .hasMessageContaining("unix:/path/to/socket or tcp://host:port");
    }
}
