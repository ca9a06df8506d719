package io.managedobjects.autoconfigure;

import io.managedobjects.Manager;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Micrometer meters of managed-objects, when there is a {@link MeterRegistry}: the call timer and byte
 * counters ({@link ManagedObjectsCallMetrics}, to be installed as the manager's call observer) and the
 * server gauges ({@link ManagedObjectsMeterBinder}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
@org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty(name = "managed-objects.enabled", matchIfMissing = true)
class MetricsConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ManagedObjectsCallMetrics managedObjectsCallMetrics(MeterRegistry registry,
            ObjectProvider<io.managedobjects.autoconfigure.observation.ObservationCallObserver> observations) {
        // with observations of the calls, the call timer comes from them (Spring Boot's meter observation handler)
        io.managedobjects.autoconfigure.observation.ObservationCallObserver observer = observations.getIfAvailable();
        return new ManagedObjectsCallMetrics(registry, observer == null || !observer.observes());
    }

    @Bean
    @ConditionalOnMissingBean
    ManagedObjectsMeterBinder managedObjectsMeterBinder(ObjectProvider<Manager> manager) {
        return new ManagedObjectsMeterBinder(manager);
    }
}
