package io.managedobjects.autoconfigure.observation;

import io.managedobjects.Manager;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of managed-objects observations: when there is an {@link ObservationRegistry}, every call
 * of the application's manager is an observation ({@link ObservationCallObserver}), with the convention of a
 * {@link ManagedObjectsObservationConvention} bean when one is defined.
 */
@AutoConfiguration(afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass({ Manager.class, ObservationRegistry.class })
@ConditionalOnBean(ObservationRegistry.class)
@ConditionalOnBooleanProperty(name = "managed-objects.enabled", matchIfMissing = true)
public final class ManagedObjectsObservationAutoConfiguration {

    /**
     * The observer of every call, installed on the manager.
     *
     * @param registry where observations go
     * @param convention a replacement of the default convention
     * @return the observer
     */
    @Bean
    @ConditionalOnMissingBean
    ObservationCallObserver managedObjectsObservationCallObserver(ObservationRegistry registry,
            ObjectProvider<ManagedObjectsObservationConvention> convention) {
        return new ObservationCallObserver(registry, convention.getIfUnique());
    }
}
