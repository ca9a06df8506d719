package io.managedobjects.autoconfigure.observation;

import io.managedobjects.CallEvent;
import io.managedobjects.CallObserver;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Makes every call of a manager a Micrometer {@link Observation}, started on the calling thread just before the
 * request is sent (its scope open while the call runs, so that a trace shows the call under the current span)
 * and stopped when the reply arrived, however the call ended. Install it with
 * {@link io.managedobjects.ManagerBuilder#callObserver}; the auto-configuration does so when there is an
 * {@link ObservationRegistry}.
 */
public class ObservationCallObserver implements CallObserver {

    private static final ManagedObjectsObservationConvention DEFAULT = new DefaultManagedObjectsObservationConvention();

    private final ObservationRegistry registry;
    private final @Nullable ManagedObjectsObservationConvention convention;

    /**
     * Creates the observer.
     *
     * @param registry where observations go
     * @param convention the convention to use instead of the default, or null
     */
    public ObservationCallObserver(ObservationRegistry registry, @Nullable ManagedObjectsObservationConvention convention) {
        this.registry = registry;
        this.convention = convention;
    }

    /**
     * Whether calls are observed at all: false with a no-op registry (or one without handlers).
     *
     * @return whether observations are made
     */
    public boolean observes() {
        return !registry.isNoop();
    }

    /**
     * Ignored: every call is observed through {@link #callStarted}.
     *
     * @param event the completed call
     */
    @Override
    public void onCall(CallEvent event) {
    }

    /**
     * Starts the call's observation and opens its scope.
     *
     * @param type the type id of the target
     * @param operation the remote operation
     * @param objectName the target's name or id
     * @return stops the observation with the call's outcome
     */
    @Override
    public Completion callStarted(String type, String operation, @Nullable String objectName) {
        if (registry.isNoop()) {
            return event -> {
            };
        }
        ManagedObjectsObservationContext context = new ManagedObjectsObservationContext(type, operation, objectName);
        Observation observation = Observation.createNotStarted(convention, DEFAULT, () -> context, registry).start();
        Observation.Scope scope = observation.openScope();
        return event -> {
            context.completed(event);
            scope.close();
            observation.stop();
        };
    }
}
