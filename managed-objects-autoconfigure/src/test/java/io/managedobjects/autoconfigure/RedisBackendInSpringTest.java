package io.managedobjects.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedobjects.ConnectionInfo;
import io.managedobjects.Manager;
import io.managedobjects.SharedLock;
import io.managedobjects.SharedMap;
import io.managedobjects.autoconfigure.app.Tally;
import io.managedobjects.autoconfigure.app.TallyUser;
import io.managedobjects.redis.RedisServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code managed-objects.address=redis://…} gives an application the same beans on a real redis-server: the
 * {@code Manager}, injected shared objects, the health contributor and the endpoint; {@code managed-objects.redis.prefix}
 * keeps two applications apart, and what only a manager server takes (a mode that starts one, an auth key, an SSL
 * bundle) is refused clearly.
 */
@ExtendWith(RedisServer.class)
class RedisBackendInSpringTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(
            ManagedObjectsAutoConfiguration.class, ManagedObjectsActuatorAutoConfiguration.class));

    /** A bean with a shared map and lock injected by name. */
    static class Scoreboard {
        @Autowired
        SharedMap<String, Integer> scores;

        @Autowired
        SharedLock scoreLock;
    }

    @Configuration(proxyBeanMethods = false)
    static class ScoreboardConfiguration {
        @Bean
        Scoreboard scoreboard() {
            return new Scoreboard();
        }
    }

    @Test
    void aRedisAddressGivesTheManagerInjectedObjectsHealthAndTheEndpoint() {
        runner.withPropertyValues("managed-objects.address=" + RedisServer.address(), "managed-objects.redis.prefix=spring-app:",
                "managed-objects.session-timeout=5s", "management.endpoints.web.exposure.include=health,managedobjects").withUserConfiguration(ScoreboardConfiguration.class).run(context -> {
                    assertThat(context).hasNotFailed();
                    Manager manager = context.getBean(Manager.class);
                    assertThat(manager.address()).startsWith("redis://").contains("prefix=spring-app");
                    Scoreboard board = context.getBean(Scoreboard.class);
                    board.scoreLock.lock();
                    try {
                        board.scores.merge("ann", 3, Integer::sum);
                    } finally {
                        board.scoreLock.unlock();
                    }
                    try (Manager other = Manager.builder().address(RedisServer.address() + "?prefix=spring-app:").connect()) {
                        assertThat(other.<String, Integer>map("scores")).containsEntry("ann", 3);
                    }
                    try (Manager elsewhere = Manager.builder().address(RedisServer.address()).connect()) {
                        assertThat(elsewhere.<String, Integer>map("scores")).as("another prefix, another application").isEmpty();
                    }

                    Health health = context.getBean(ManagedObjectsHealthIndicator.class).health();
                    assertThat(health.getStatus()).isEqualTo(Status.UP);
                    assertThat(health.getDetails()).containsKeys("address", "pid", "objects", "connections", "latencyMillis");
                    assertThat((String) health.getDetails().get("address")).startsWith("redis://");

                    Map<String, Object> endpoint = context.getBean(ManagedObjectsEndpoint.class).managedObjects();
                    assertThat(endpoint.toString()).contains("scores").contains("scoreLock");
                    assertThat(manager.info().connections()).extracting(ConnectionInfo::pid).contains(ProcessHandle.current().pid());
                });
    }

    @Test
    void everyInjectedTypeWorksOnRedisAndAManagedObjectIsHostedByTheApplicationThatCreatedIt() {
        runner.withPropertyValues("managed-objects.address=" + RedisServer.address(), "managed-objects.redis.prefix=hosting-app:",
                "managed-objects.session-timeout=5s", "management.endpoints.web.exposure.include=managedobjects")
                .withUserConfiguration(ManagedObjectsAutoConfigurationTest.InTestApplicationPackage.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    TallyUser user = context.getBean(TallyUser.class);
                    assertThat(user.tally.add(2)).isEqualTo(2);
                    assertThat(user.slots.availablePermits()).isEqualTo(3);
                    assertThat(user.gate.getParties()).isEqualTo(2);
                    assertThat(user.work.remainingCapacity()).isEqualTo(5);
                    assertThat(user.counts.incrementAndGet(7)).isEqualTo(1);
                    try (Manager other = Manager.builder().address(RedisServer.address() + "?prefix=hosting-app:").connect()) {
                        Tally tally = other.named("tally", Tally.class);
                        assertThat(tally.add(3)).as("a process that registered nothing calls the application's instance").isEqualTo(5);
                    }
                    Map<String, Object> endpoint = context.getBean(ManagedObjectsEndpoint.class).managedObjects();
                    assertThat(endpoint.toString()).contains("tally").contains("host=pid " + ProcessHandle.current().pid() + " on ");
                });
    }

    @Test
    void aPasswordInTheAddressNeverShowsInHealthOrTheConnectionsText() {
        runner.withPropertyValues("managed-objects.address=redis://:not-needed-here@127.0.0.1:1").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining("cannot be reached").hasStackTraceContaining("***")
                    .satisfies(failure -> assertThat(stackTrace(failure)).doesNotContain("not-needed-here"));
        });
    }

    @Test
    void whatOnlyAManagerServerTakesIsRefusedWithTheFix() {
        for (List<String> refused : List.of(
                List.of("managed-objects.mode=fork", "managed-objects.address=" + RedisServer.address()),
                List.of("managed-objects.address=" + RedisServer.address(), "managed-objects.auth-key=0123456789abcdef0123456789"),
                List.of("managed-objects.address=" + RedisServer.address(), "managed-objects.ssl.bundle=server"),
                List.of("managed-objects.redis.prefix=app:"),
                List.of("managed-objects.address=" + RedisServer.address() + "?prefix=a:", "managed-objects.redis.prefix=b:"))) {
            runner.withPropertyValues(refused.toArray(String[]::new)).run(context -> {
                assertThat(context).as(refused.toString()).hasFailed();
                assertThat(context.getStartupFailure()).as(refused.toString())
                        .hasRootCauseInstanceOf(ManagedObjectsConfigurationException.class);
            });
        }
    }

    private static String stackTrace(Throwable failure) {
        java.io.StringWriter text = new java.io.StringWriter();
        failure.printStackTrace(new java.io.PrintWriter(text));
        return text.toString();
    }
}
