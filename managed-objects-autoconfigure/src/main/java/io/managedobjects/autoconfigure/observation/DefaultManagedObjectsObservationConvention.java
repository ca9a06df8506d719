package io.managedobjects.autoconfigure.observation;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The default convention: observations named {@code managed.objects.calls}, contextually named
 * "{@code <type> <operation>}" (e.g. {@code map put}), with the low-cardinality keys {@code type},
 * {@code operation} and {@code outcome} ({@code success}, {@code error}, {@code disconnected}; {@code unknown}
 * while the call runs) and the high-cardinality key {@code managed.objects.name} (the object's name or id).
 * With Spring Boot's metrics the timer {@code managed.objects.calls} and the long task timer
 * {@code managed.objects.calls.active} come from these observations.
 */
public class DefaultManagedObjectsObservationConvention implements ManagedObjectsObservationConvention {

    /** The name of the observations, and so of the call timer. */
    public static final String NAME = "managed.objects.calls";

    /** The low-cardinality key of the target's type. */
    public static final String TYPE = "type";
    /** The low-cardinality key of the operation. */
    public static final String OPERATION = "operation";
    /** The low-cardinality key of the outcome. */
    public static final String OUTCOME = "outcome";
    /** The high-cardinality key of the object's name. */
    public static final String OBJECT_NAME = "managed.objects.name";

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(ManagedObjectsObservationContext context) {
        return context.getType() + " " + context.getOperation();
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(ManagedObjectsObservationContext context) {
        return KeyValues.of(KeyValue.of(OPERATION, context.getOperation()), outcome(context), KeyValue.of(TYPE, context.getType()));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(ManagedObjectsObservationContext context) {
        @Nullable String name = context.getObjectName();
        return name == null ? KeyValues.empty() : KeyValues.of(OBJECT_NAME, name);
    }

    /**
     * The outcome key.
     *
     * @param context the call
     * @return the outcome in lower case, or {@code unknown} while the call runs
     */
    protected KeyValue outcome(ManagedObjectsObservationContext context) {
        var outcome = context.getOutcome();
        return KeyValue.of(OUTCOME, outcome == null ? "unknown" : outcome.name().toLowerCase(Locale.ROOT));
    }
}
