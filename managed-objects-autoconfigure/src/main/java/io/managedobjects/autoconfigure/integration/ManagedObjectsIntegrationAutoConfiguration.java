package io.managedobjects.autoconfigure.integration;

import io.managedobjects.Manager;
import io.managedobjects.autoconfigure.ManagedObjectsAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.integration.support.locks.LockRegistry;

/**
 * Auto-configuration of a Spring Integration {@link LockRegistry} over the manager server's named reentrant
 * locks ({@link SharedLockRegistry}), when Spring Integration is on the classpath and there is a {@link Manager}
 * bean: {@code LockRegistry.executeLocked}, a {@code LockRequestHandlerAdvice} or a
 * {@link org.springframework.integration.support.leader.LockRegistryLeaderInitiator} then lock across every
 * process of the server. Backs off when the application defines its own {@code LockRegistry} or sets
 * {@code managed-objects.enabled=false}.
 */
@AutoConfiguration(after = ManagedObjectsAutoConfiguration.class,
        afterName = "org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration")
@ConditionalOnClass(LockRegistry.class)
@ConditionalOnBean(Manager.class)
@ConditionalOnBooleanProperty(name = "managed-objects.enabled", matchIfMissing = true)
public final class ManagedObjectsIntegrationAutoConfiguration {

    /**
     * The lock registry, over the application's manager, naming its locks with
     * {@value SharedLockRegistry#DEFAULT_PREFIX} and the key.
     *
     * @param manager the application's manager
     * @return the registry
     */
    @Bean
    @ConditionalOnMissingBean(LockRegistry.class)
    SharedLockRegistry managedObjectsLockRegistry(Manager manager) {
        return new SharedLockRegistry(manager);
    }
}
