package io.managedobjects.autoconfigure;

import io.managedobjects.Manager;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration for managed-objects: a {@link Manager} bean started and stopped with the context
 * (a forked server, an embedded one, or a client), and injection of shared objects and hosted
 * {@code @ManagedObject} instances by injection point. Backs off when the application defines its own
 * {@code Manager} or sets {@code managed-objects.enabled=false}.
 */
@AutoConfiguration(afterName = "org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration")
@ConditionalOnClass(Manager.class)
@ConditionalOnBooleanProperty(name = "managed-objects.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ManagedObjectsProperties.class)
@Import({ EmbeddedServerConfiguration.class, ManagerConfiguration.class })
public final class ManagedObjectsAutoConfiguration {

    /**
     * Installs the injection of shared objects by injection point.
     *
     * @return the bean factory post-processor
     */
    @Bean
    static BeanFactoryPostProcessor managedObjectsSharedInjection() {
        return new SharedInjection();
    }
}
