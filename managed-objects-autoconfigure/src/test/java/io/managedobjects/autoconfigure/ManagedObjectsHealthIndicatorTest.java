package io.managedobjects.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedobjects.Manager;
import io.managedobjects.ManagerConnectionException;
import io.managedobjects.ManagerServer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class ManagedObjectsHealthIndicatorTest {

    private static final byte[] KEY = "health-indicator-test-key".getBytes(StandardCharsets.UTF_8);

    private ManagerServer server;
    private Manager manager;

    @BeforeEach
    void start() {
        server = ManagerServer.builder().authKey(KEY).build().start();
        manager = Manager.connect(server.address(), KEY);
    }

    @AfterEach
    void stop() {
        try {
            if (manager != null) {
                manager.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    void upWithTheServerAddressPidObjectsConnectionsAndLatency() {
        manager.map("scores").put("ann", 3);
        manager.lock("a-lock");

        Health health = new ManagedObjectsHealthIndicator(manager).health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsOnlyKeys("address", "pid", "objects", "connections", "latencyMillis");
        assertThat(health.getDetails()).containsEntry("address", server.address())
                .containsEntry("pid", ProcessHandle.current().pid());
        assertThat((Integer) health.getDetails().get("objects")).isGreaterThanOrEqualTo(2);
        assertThat((Integer) health.getDetails().get("connections")).isGreaterThanOrEqualTo(1);
        assertThat((Long) health.getDetails().get("latencyMillis")).isGreaterThanOrEqualTo(0L);
    }

    @Test
    void downWithTheErrorWhenTheServerIsGone() {
        ManagedObjectsHealthIndicator indicator = new ManagedObjectsHealthIndicator(manager);
        assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);

        String address = server.address();
        server.close();

        Health health = indicator.health();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("address", address);
        assertThat((String) health.getDetails().get("error")).startsWith(ManagerConnectionException.class.getName());
        assertThat((String) health.getDetails().get("message")).contains("unreachable").contains(address);
        // and it stays down (a fresh connection is refused)
        assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
    }
}
