package io.managedobjects.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedobjects.Manager;
import io.managedobjects.ManagerServer;
import io.managedobjects.SharedMap;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class ManagedObjectsAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ManagedObjectsAutoConfiguration.class));

    @Test
    void forksAServerWithTheContextAndStopsItWhenTheContextCloses() {
        AtomicLong serverPid = new AtomicLong();
        runner.run(context -> {
            assertThat(context).hasSingleBean(Manager.class);
            Manager manager = context.getBean(Manager.class);
            SharedMap<String, Integer> scores = manager.map("scores");
            scores.put("ann", 3);
            assertThat(manager.<String, Integer>map("scores")).containsEntry("ann", 3);
            serverPid.set(manager.info().server().pid());
            assertThat(ProcessHandle.of(serverPid.get())).isPresent();
        });
        assertThat(ProcessHandle.of(serverPid.get()).filter(ProcessHandle::isAlive)).isEmpty();
    }

    @Test
    void connectsToTheServerAtTheConfiguredAddress() {
        byte[] key = "a-shared-key".getBytes(StandardCharsets.UTF_8);
        try (ManagerServer server = ManagerServer.builder().authKey(key).build().start()) {
            runner.withPropertyValues("managed-objects.address=" + server.address(), "managed-objects.auth-key=a-shared-key")
                    .run(context -> {
                        Manager manager = context.getBean(Manager.class);
                        assertThat(manager.address()).isEqualTo(server.address());
                        assertThat(manager.info().server().pid()).isEqualTo(ProcessHandle.current().pid());
                    });
        }
    }

    @Test
    void addressWithoutAnAuthKeyFailsStartupSayingWhatToSet() {
        runner.withPropertyValues("managed-objects.address=tcp://127.0.0.1:1").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("managed-objects.auth-key");
        });
    }

    @Test
    void backsOffWhenDisabled() {
        runner.withPropertyValues("managed-objects.enabled=false").run(context -> assertThat(context).doesNotHaveBean(Manager.class));
    }

    @Test
    void backsOffWhenTheApplicationDefinesItsOwnManager() {
        byte[] key = "own".getBytes(StandardCharsets.UTF_8);
        try (ManagerServer server = ManagerServer.builder().authKey(key).build().start()) {
            runner.withUserConfiguration(OwnManager.class).withBean(ManagerServer.class, () -> server)
                    .run(context -> {
                        assertThat(context).hasSingleBean(Manager.class);
                        assertThat(context.getBean(Manager.class).address()).isEqualTo(server.address());
                    });
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnManager {
        @Bean(destroyMethod = "close")
        Manager ownManager(ManagerServer server) {
            return Manager.connect(server.address(), "own".getBytes(StandardCharsets.UTF_8));
        }
    }
}
