package io.managedobjects.autoconfigure;

import io.managedobjects.Manager;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code managedObjects} health contributor, when Spring Boot's health support is present and
 * {@code management.health.managedobjects.enabled} is not {@code false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnEnabledHealthIndicator("managedobjects")
class HealthConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "managedObjectsHealthIndicator")
    @ConditionalOnBean(Manager.class)
    ManagedObjectsHealthIndicator managedObjectsHealthIndicator(Manager manager) {
        return new ManagedObjectsHealthIndicator(manager);
    }
}
