package io.managedobjects.autoconfigure;

import io.managedobjects.CallEvent;
import io.managedobjects.CallObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;

/**
 * Records every call of a manager as Micrometer meters: the counters {@code managed.objects.bytes.sent} and
 * {@code managed.objects.bytes.received} (base unit {@code bytes}) tagged {@code type}, and, unless the
 * calls are observations that time them already ({@code ObservationCallObserver}), a {@link Timer}
 * {@code managed.objects.calls} tagged {@code type}, {@code operation} and {@code outcome} ({@code success},
 * {@code error}, {@code disconnected}).
 *
 * <p>Install it with {@link io.managedobjects.ManagerBuilder#callObserver}. Meters are looked up once per
 * (type, operation, outcome) and cached, so a call costs a map lookup and three increments. It never
 * throws.
 */
public class ManagedObjectsCallMetrics implements CallObserver {

    /** The name of the call timer. */
    public static final String CALLS = "managed.objects.calls";

    /** The name of the counter of request bytes. */
    public static final String BYTES_SENT = "managed.objects.bytes.sent";

    /** The name of the counter of reply bytes. */
    public static final String BYTES_RECEIVED = "managed.objects.bytes.received";

    private final MeterRegistry registry;

    private final boolean timeCalls;

    private final ConcurrentMap<Key, Meters> meters = new ConcurrentHashMap<>();

    /**
     * Creates the observer, which times calls too.
     *
     * @param registry where the meters are registered
     */
    public ManagedObjectsCallMetrics(MeterRegistry registry) {
        this(registry, true);
    }

    /**
     * Creates the observer.
     *
     * @param registry where the meters are registered
     * @param timeCalls whether to record the call timer (false when observations of the calls time them)
     */
    public ManagedObjectsCallMetrics(MeterRegistry registry, boolean timeCalls) {
        this.registry = registry;
        this.timeCalls = timeCalls;
    }

    /**
     * Records one call.
     *
     * @param event the completed call
     */
    @Override
    public void onCall(CallEvent event) {
        try {
            Key key = new Key(event.type(), event.operation(), event.outcome());
            Meters m = meters.get(key);
            if (m == null) {
                m = meters.computeIfAbsent(key, this::register);
            }
            Timer calls = m.calls();
            if (calls != null) {
                calls.record(event.duration());
            }
            if (event.bytesSent() > 0) {
                m.bytesSent().increment(event.bytesSent());
            }
            if (event.bytesReceived() > 0) {
                m.bytesReceived().increment(event.bytesReceived());
            }
        } catch (RuntimeException e) {
            // metrics must never break a call
        }
    }

    private Meters register(Key key) {
        Timer calls = !timeCalls ? null : Timer.builder(CALLS)
                .description("Calls from this application to the managed-objects server")
                .tag("type", key.type())
                .tag("operation", key.operation())
                .tag("outcome", key.outcome().name().toLowerCase(Locale.ROOT))
                .register(registry);
        Counter sent = Counter.builder(BYTES_SENT)
                .description("Bytes of the requests sent to the managed-objects server")
                .baseUnit("bytes")
                .tag("type", key.type())
                .register(registry);
        Counter received = Counter.builder(BYTES_RECEIVED)
                .description("Bytes of the replies received from the managed-objects server")
                .baseUnit("bytes")
                .tag("type", key.type())
                .register(registry);
        return new Meters(calls, sent, received);
    }

    private record Key(String type, String operation, CallEvent.Outcome outcome) {
    }

    private record Meters(@Nullable Timer calls, Counter bytesSent, Counter bytesReceived) {
    }
}
