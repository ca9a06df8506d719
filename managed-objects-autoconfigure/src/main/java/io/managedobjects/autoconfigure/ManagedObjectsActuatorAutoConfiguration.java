package io.managedobjects.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of the {@code managedobjects} Actuator endpoint and the {@code managedObjects}
 * health contributor, each when its part of Spring Boot is on the classpath and a {@code Manager} exists.
 */
@AutoConfiguration(after = ManagedObjectsAutoConfiguration.class)
@Import({ EndpointConfiguration.class, HealthConfiguration.class })
public final class ManagedObjectsActuatorAutoConfiguration {
}
