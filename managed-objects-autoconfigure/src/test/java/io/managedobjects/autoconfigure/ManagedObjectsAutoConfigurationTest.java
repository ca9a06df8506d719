package io.managedobjects.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedobjects.Manager;
import io.managedobjects.ManagerServer;
import io.managedobjects.SharedMap;
import io.managedobjects.SharedObject;
import io.managedobjects.autoconfigure.app.Tally;
import io.managedobjects.autoconfigure.app.TallyUser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class ManagedObjectsAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ManagedObjectsAutoConfiguration.class));

    /** Registers the test application's package as the auto-configuration package, as @SpringBootApplication does. */
    @Configuration(proxyBeanMethods = false)
    @org.springframework.boot.autoconfigure.AutoConfigurationPackage(basePackages = "io.managedobjects.autoconfigure.app")
    static class InTestApplicationPackage {
        @Bean
        TallyUser tallyUser(SharedMap<String, Integer> scores, Tally tally) {
            return new TallyUser(scores, tally);
        }
    }

    /** An array injected without its length. */
    static class UnsizedArrayUser {
        @Autowired
        io.managedobjects.SharedLongArray unsized;
    }

    @Configuration(proxyBeanMethods = false)
    static class UnsizedArrayConfiguration {
        @Bean
        UnsizedArrayUser unsizedArrayUser() {
            return new UnsizedArrayUser();
        }
    }

    /** The pid of the worker that runs it. */
    public static final class WorkerPid implements io.managedobjects.PoolTask<Long> {
        @Override
        public Long call(Object... args) {
            return ProcessHandle.current().pid();
        }
    }

    /** A pool injected by the name of its field, sized with {@code processes}. */
    static class PoolUser {
        @Autowired
        @io.managedobjects.Shared(processes = 1)
        io.managedobjects.SharedPool workers;
    }

    /** The same pool asked for with another number of processes. */
    static class OtherPoolUser {
        @Autowired
        @io.managedobjects.Shared(value = "workers", processes = 2)
        io.managedobjects.SharedPool workers;
    }

    @Configuration(proxyBeanMethods = false)
    static class PoolConfiguration {
        @Bean
        PoolUser poolUser() {
            return new PoolUser();
        }
    }

    @Test
    void aPoolIsInjectedWithItsProcessesAndItsWorkersStopWithTheContext() {
        AtomicLong workerPid = new AtomicLong();
        runner.withPropertyValues("managed-objects.mode=embedded").withUserConfiguration(PoolConfiguration.class).run(context -> {
            io.managedobjects.SharedPool pool = context.getBean(PoolUser.class).workers;
            assertThat(pool.sharedName()).isEqualTo("workers");
            assertThat(pool.processes()).isEqualTo(1);
            workerPid.set(pool.apply(WorkerPid.class));
            assertThat(workerPid.get()).isNotEqualTo(ProcessHandle.current().pid());
        });
        // bounded: the worker is killed when the embedded server closes
        ProcessHandle.of(workerPid.get()).ifPresent(worker -> assertThat(worker.onExit())
                .succeedsWithin(java.time.Duration.ofSeconds(60)));
    }

    @Test
    void aPoolAskedForWithAnotherNumberOfProcessesFailsNamingBoth() {
        runner.withPropertyValues("managed-objects.mode=embedded").withUserConfiguration(PoolConfiguration.class)
                .withBean(OtherPoolUser.class)
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageMatching("The pool 'workers' exists with (1 processes, not 2|2 processes, not 1).*"));
    }

    /** A hosted class that asks Spring to inject into it: refused at startup. */
    @io.managedobjects.ManagedObject
    public static class AutowiringCounter {
        @Autowired
        org.springframework.core.env.Environment environment;
    }

    /** A hosted class whose constructor asks for a property: refused at startup. */
    @io.managedobjects.ManagedObject
    public static class ValueCounter {
        /** @param start a property */
        public ValueCounter(@org.springframework.beans.factory.annotation.Value("${start:0}") int start) {
        }
    }

    /** A hosted class that is also a component: refused at startup. */
    @io.managedobjects.ManagedObject
    @org.springframework.stereotype.Service
    public static class ComponentCounter {
    }

    @Test
    void aManagedObjectThatLooksLikeASpringBeanFailsAtStartupSayingWhereItsInstancesLive() {
        java.util.Map<Class<?>, String> refused = java.util.Map.of(AutowiringCounter.class, "@Autowired",
                ValueCounter.class, "@Value", ComponentCounter.class, "@Component");
        refused.forEach((type, why) -> runner.withPropertyValues("managed-objects.mode=embedded",
                "managed-objects.types=" + type.getName()).run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().isInstanceOf(ManagedObjectsConfigurationException.class)
                            .hasMessageContaining(type.getName() + " cannot be a Spring bean").hasMessageContaining(why)
                            .hasMessageContaining("manager server process");
                    FailureAnalysis analysis = new ManagedObjectsFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis.getAction()).contains("manager.named(").contains("@Autowired " + type.getSimpleName());
                }));
    }

    @Test
    void managerBuilderCustomizersApplyInOrderToTheBuiltManager() {
        List<String> applied = new java.util.concurrent.CopyOnWriteArrayList<>();
        AtomicLong observed = new AtomicLong();
        runner.withPropertyValues("managed-objects.mode=embedded")
                .withBean("second", ManagerBuilderCustomizer.class, () -> new OrderedCustomizer(2, builder -> applied.add("second")))
                .withBean("first", ManagerBuilderCustomizer.class, () -> new OrderedCustomizer(1, builder -> {
                    applied.add("first");
                    builder.callObserver(event -> observed.incrementAndGet());
                }))
                .run(context -> {
                    assertThat(applied).containsExactly("first", "second");
                    long before = observed.get();
                    context.getBean(Manager.class).map("customized").put("a", 1);
                    assertThat(observed.get()).as("the customizer's call observer sees the manager's calls").isGreaterThan(before);
                });
    }

    /** A customizer with an order. */
    private record OrderedCustomizer(int order, ManagerBuilderCustomizer delegate)
            implements ManagerBuilderCustomizer, org.springframework.core.Ordered {
        @Override
        public void customize(io.managedobjects.ManagerBuilder builder) {
            delegate.customize(builder);
        }

        @Override
        public int getOrder() {
            return order;
        }
    }

    @Test
    void anArrayInjectedWithoutItsLengthFailsSayingWhatToAdd() {
        runner.withPropertyValues("managed-objects.mode=embedded").withUserConfiguration(UnsizedArrayConfiguration.class)
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("The shared array 'unsized'").hasMessageContaining("length = N"));
    }

    @Test
    void forksAServerWithTheContextAndStopsItWhenTheContextCloses() {
        AtomicLong serverPid = new AtomicLong();
        AtomicReference<Path> keyFile = new AtomicReference<>();
        runner.run(context -> {
            assertThat(context).hasSingleBean(Manager.class);
            Manager manager = context.getBean(Manager.class);
            manager.map("scores").put("ann", 3);
            serverPid.set(manager.info().server().pid());
            assertThat(serverPid.get()).isNotEqualTo(ProcessHandle.current().pid());
            ManagedObjectsConnection connection = context.getBean(ManagedObjectsConnection.class);
            assertThat(connection.mode()).isEqualTo(ManagedObjectsProperties.Mode.FORK);
            keyFile.set(connection.generatedKeyFile());
            assertThat(keyFile.get()).isNotNull();
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile.get())))
                    .isEqualTo("rw-------");
        });
        assertThat(ProcessHandle.of(serverPid.get()).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(keyFile.get()).doesNotExist();
    }

    @Test
    void injectsNamedSharedObjectsAndManagedObjectsByInjectionPoint() {
        runner.withUserConfiguration(InTestApplicationPackage.class).run(context -> {
            TallyUser user = context.getBean(TallyUser.class);
            Manager manager = context.getBean(Manager.class);
            user.scores.put("ann", 1);
            assertThat(manager.<String, Integer>map("scores")).containsEntry("ann", 1);
            assertThat(user.viaSetter.sharedId()).isEqualTo(user.scores.sharedId());
            assertThat(user.hits.sharedName()).isEqualTo("hits");
            assertThat(user.lock.sharedName()).isEqualTo("jobs");
            assertThat(user.lock.sharedType()).isEqualTo("reentrantLock");
            assertThat(user.plainLock.sharedType()).isEqualTo("lock");
            assertThat(user.slots.availablePermits()).isEqualTo(3);
            assertThat(user.gate.getParties()).isEqualTo(2);
            assertThat(user.work.remainingCapacity()).isEqualTo(5);
            assertThat(user.counts.sharedName()).isEqualTo("counts");
            assertThat(user.counts.incrementAndGet(7)).isEqualTo(1);
            assertThat(manager.array("counts", 8).get(7)).isEqualTo(1);
            assertThat(user.weights.toArray()).containsExactly(0.0, 0.0, 0.0);
            assertThat(user.tally.add(2)).isEqualTo(2);
            assertThat(((SharedObject) user.tally).sharedName()).isEqualTo("tally");
            assertThat(manager.named("tally", Tally.class).count()).isEqualTo(2);
            assertThat(context).doesNotHaveBean(Tally.class.getName());
        });
    }

    @Test
    void theSessionTimeoutPropertyReachesTheServerItStarts() {
        runner.withPropertyValues("managed-objects.mode=embedded", "managed-objects.session-timeout=7s").run(context -> {
            ManagerServer server = context.getBean(ManagerServer.class);
            assertThat(server.sessionTimeout()).isEqualTo(java.time.Duration.ofSeconds(7));
        });
    }

    @Test
    void embeddedModeHostsTheServerInThisJvm() {
        runner.withPropertyValues("managed-objects.mode=embedded").run(context -> {
            assertThat(context).hasSingleBean(ManagerServer.class);
            Manager manager = context.getBean(Manager.class);
            assertThat(manager.info().server().pid()).isEqualTo(ProcessHandle.current().pid());
            manager.list("l").add("x");
        });
    }

    @Test
    void clientModeConnectsToTheServerAtTheConfiguredAddressWithAKeyFile(@TempDir Path dir) throws Exception {
        byte[] key = "a-shared-key-0123456789".getBytes(StandardCharsets.UTF_8);
        Path keyFile = Files.write(dir.resolve("key"), key);
        try (ManagerServer server = ManagerServer.builder().authKey(key).build().start()) {
            runner.withPropertyValues("managed-objects.mode=client", "managed-objects.address=" + server.address(),
                    "managed-objects.auth-key-file=" + keyFile).run(context -> {
                        Manager manager = context.getBean(Manager.class);
                        assertThat(manager.address()).isEqualTo(server.address());
                        assertThat(manager.info().server().pid()).isEqualTo(ProcessHandle.current().pid());
                    });
            runner.withPropertyValues("managed-objects.address=" + server.address(), "managed-objects.auth-key=a-shared-key-0123456789")
                    .run(context -> assertThat(context.getBean(ManagedObjectsConnection.class).mode())
                            .isEqualTo(ManagedObjectsProperties.Mode.CLIENT));
        }
    }

    @Test
    void badConfigurationsFailWithAnAnalysisThatSaysWhatToSet() {
        assertFailure("managed-objects.mode=client", "needs the address", "managed-objects.address");
        assertFailure("managed-objects.address=localhost:1234", "malformed", "unix:/path/to/socket or tcp://host:port");
        assertFailure("managed-objects.auth-key-file=/no/such/key-file", "cannot be read", "managed-objects.auth-key-file");
        assertFailure("managed-objects.address=tcp://127.0.0.1:1", "needs its auth key", "managed-objects.auth-key-file");
        assertFailure("managed-objects.session-timeout=500ms", "managed-objects.session-timeout", "1s or more");
        assertFailure("managed-objects.connections=0", "managed-objects.connections is 0", "between 1 and 64");
    }

    @Test
    void theManagersThreadsShareTheConfiguredNumberOfConnections() {
        runner.withPropertyValues("managed-objects.mode=embedded", "managed-objects.connections=2").run(context -> {
            Manager manager = context.getBean(Manager.class);
            io.managedobjects.SharedMap<String, Integer> map = manager.map("spread");
            java.util.List<Thread> threads = new java.util.ArrayList<>();
            for (int t = 0; t < 50; t++) {
                String key = "t" + t;
                Thread thread = new Thread(() -> map.put(key, 1));
                thread.start();
                threads.add(thread);
            }
            for (Thread thread : threads) {
                thread.join(60_000);
            }
            assertThat(map).hasSize(50);
            assertThat(manager.info().connections()).hasSizeBetween(1, 2);
        });
    }

    @Test
    void authKeysShorterThanSixteenBytesFailWithAnAnalysisSayingSo(@TempDir Path dir) throws Exception {
        assertFailure("managed-objects.auth-key=too-short", "managed-objects.auth-key is 9 bytes; at least 16 are needed",
                "managed-objects.auth-key");
        Path keyFile = Files.write(dir.resolve("short-key"), "0123456789".getBytes(StandardCharsets.UTF_8));
        assertFailure("managed-objects.auth-key-file=" + keyFile, "managed-objects.auth-key-file " + keyFile
                + " holds 10 bytes; at least 16 are needed", "managed-objects.auth-key-file");
    }

    private void assertFailure(String property, String description, String action) {
        StartupFailures.assertAnalysis(runner.withPropertyValues(property), description, action);
    }

    @Test
    void backsOffWhenDisabled() {
        runner.withPropertyValues("managed-objects.enabled=false").run(context -> assertThat(context).doesNotHaveBean(Manager.class));
    }

    @Test
    void backsOffWhenTheApplicationDefinesItsOwnManager() {
        byte[] key = "own-manager-test-key".getBytes(StandardCharsets.UTF_8);
        try (ManagerServer server = ManagerServer.builder().authKey(key).build().start()) {
            runner.withBean("ownManager", Manager.class, () -> Manager.connect(server.address(), key), d -> d.setDestroyMethodName("close"))
                    .run(context -> {
                        assertThat(context).hasSingleBean(Manager.class);
                        assertThat(context.getBean(Manager.class).address()).isEqualTo(server.address());
                    });
        }
    }

    @Test
    void worksWithoutActuatorOrMicrometerOnTheClasspath() {
        runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate", "org.springframework.boot.health",
                "io.micrometer")).run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(Manager.class);
                    context.getBean(Manager.class).map("m").put("k", "v");
                });
    }
}
