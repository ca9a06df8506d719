package io.managedobjects.autoconfigure.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.managedobjects.Manager;
import io.managedobjects.SharedLock;
import io.managedobjects.autoconfigure.ManagedObjectsAutoConfiguration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.integration.support.locks.DefaultLockRegistry;
import org.springframework.integration.support.locks.LockRegistry;

class ManagedObjectsIntegrationAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ManagedObjectsAutoConfiguration.class, ManagedObjectsIntegrationAutoConfiguration.class))
            .withPropertyValues("managed-objects.mode=embedded");

    @Test
    void providesASharedLockRegistryAsTheApplicationsLockRegistry() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(SharedLockRegistry.class);
            assertThat(context.getBean(LockRegistry.class)).isSameAs(context.getBean(SharedLockRegistry.class));
        });
    }

    @Test
    void backsOffWhenTheApplicationDefinesItsOwnLockRegistry() {
        runner.withBean("ownLockRegistry", LockRegistry.class, DefaultLockRegistry::new).run(context -> {
            assertThat(context).hasSingleBean(LockRegistry.class).doesNotHaveBean(SharedLockRegistry.class);
            assertThat(context.getBean(LockRegistry.class)).isInstanceOf(DefaultLockRegistry.class);
        });
    }

    @Test
    void isAbsentWithoutSpringIntegrationOnTheClasspath() {
        runner.withClassLoader(new FilteredClassLoader(LockRegistry.class)).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(Manager.class);
            assertThat(context).doesNotHaveBean(SharedLockRegistry.class);
        });
    }

    @Test
    void isAbsentWhenManagedObjectsIsDisabled() {
        runner.withPropertyValues("managed-objects.enabled=false").run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(Manager.class);
            assertThat(context).doesNotHaveBean(SharedLockRegistry.class);
        });
    }

    @Test
    void obtainReturnsOneSharedReentrantLockPerKeyNamedWithThePrefix() {
        runner.run(context -> {
            SharedLockRegistry registry = context.getBean(SharedLockRegistry.class);
            Manager manager = context.getBean(Manager.class);

            SharedLock orders = registry.obtain("orders");
            assertThat(registry.obtain("orders")).isSameAs(orders);
            assertThat(orders.sharedName()).isEqualTo(SharedLockRegistry.DEFAULT_PREFIX + "orders").isEqualTo("lock-registry.orders");
            assertThat(orders.sharedType()).isEqualTo("reentrantLock");
            assertThat(manager.reentrantLock("lock-registry.orders").sharedId())
                    .as("the registry's lock is the server's named lock that any process can ask for").isEqualTo(orders.sharedId());

            assertThat(registry.obtain("invoices").sharedId()).isNotEqualTo(orders.sharedId());
            assertThat(registry.obtain(42).sharedName()).as("a key that is not a string is named by its string form")
                    .isEqualTo("lock-registry.42");
            assertThat(manager.map("orders").sharedId()).as("the application's own named objects are apart from the registry's locks")
                    .isNotEqualTo(orders.sharedId());
        });
    }

    @Test
    void aRegistryWithAnotherPrefixNamesItsLocksWithIt() {
        runner.run(context -> {
            Manager manager = context.getBean(Manager.class);
            SharedLockRegistry jobs = new SharedLockRegistry(manager, "jobs.");

            SharedLock nightly = jobs.obtain("nightly");
            assertThat(nightly.sharedName()).isEqualTo("jobs.nightly");
            assertThat(context.getBean(SharedLockRegistry.class).obtain("nightly").sharedId()).isNotEqualTo(nightly.sharedId());
            assertThat(new SharedLockRegistry(manager, "jobs.").obtain("nightly").sharedId())
                    .as("registries with the same prefix share their locks").isEqualTo(nightly.sharedId());
        });
    }

    @Test
    void obtainRefusesANullKeySayingWhy() {
        runner.run(context -> assertThatThrownBy(() -> context.getBean(SharedLockRegistry.class).obtain(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be null"));
    }

    @Test
    void executeLockedRunsTheTaskHoldingTheLockThatOtherThreadsCannotTake() {
        runner.run(context -> {
            SharedLockRegistry registry = context.getBean(SharedLockRegistry.class);
            SharedLock lock = registry.obtain("report");
            AtomicBoolean ran = new AtomicBoolean();

            registry.executeLocked("report", () -> {
                assertThat(lock.isHeldByCurrentThread()).isTrue();
                assertThat(lock.getHoldCount()).isEqualTo(1);
                assertThat(CompletableFuture.supplyAsync(() -> lock.tryLock()).get(60, TimeUnit.SECONDS))
                        .as("another thread's tryLock while the task runs").isFalse();
                ran.set(true);
            });

            assertThat(ran).isTrue();
            assertThat(lock.isLocked()).as("the lock is released when the task ends").isFalse();
            Integer holds = registry.executeLocked("report", () -> {
                return lock.getHoldCount();
            });
            assertThat(holds).isEqualTo(1);
            assertThat(lock.isLocked()).isFalse();
        });
    }

    @Test
    void locksAreReentrantAndOnlyTheirOwnerThreadMayUnlockThem() {
        runner.run(context -> {
            Lock lock = context.getBean(LockRegistry.class).obtain("reentrant");
            SharedLock shared = (SharedLock) lock;
            lock.lock();
            try {
                assertThat(lock.tryLock()).isTrue();
                assertThat(shared.getHoldCount()).isEqualTo(2);
                lock.unlock();
                assertThat(CompletableFuture.runAsync(lock::unlock)).as("unlock() by another thread")
                        .failsWithin(60, TimeUnit.SECONDS).withThrowableThat()
                        .withCauseInstanceOf(IllegalMonitorStateException.class);
                assertThat(shared.isHeldByCurrentThread()).isTrue();
            } finally {
                lock.unlock();
            }
            assertThat(shared.isLocked()).isFalse();
        });
    }
}
