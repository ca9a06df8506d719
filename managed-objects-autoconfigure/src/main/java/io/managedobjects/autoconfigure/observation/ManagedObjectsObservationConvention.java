package io.managedobjects.autoconfigure.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The convention of managed-objects call observations: define a bean of this type to replace
 * {@link DefaultManagedObjectsObservationConvention} (its name, contextual name and keys).
 */
public interface ManagedObjectsObservationConvention extends ObservationConvention<ManagedObjectsObservationContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof ManagedObjectsObservationContext;
    }
}
