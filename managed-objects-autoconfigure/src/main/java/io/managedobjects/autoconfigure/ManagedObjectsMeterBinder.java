package io.managedobjects.autoconfigure;

import io.managedobjects.Manager;
import io.managedobjects.ManagerStats;
import io.managedobjects.internal.BuiltInType;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Gauges of the manager server: {@code managed.objects.hosted} (hosted objects, tagged {@code type}: one
 * gauge per built-in type id, plus {@code other} for registered user types) and
 * {@code managed.objects.connections} (open connections).
 *
 * <p>The gauges share one snapshot of {@link Manager#stats()} (counts, not the list of objects), taken at most
 * once a second, so a scrape costs one cheap round trip. When the server cannot be reached (or there is no manager), they report
 * {@code NaN}. The manager is resolved lazily, on the first scrape, so binding never forces its creation.
 */
public class ManagedObjectsMeterBinder implements MeterBinder {

    /** The name of the gauge of hosted objects, tagged {@code type}. */
    public static final String HOSTED = "managed.objects.hosted";

    /** The name of the gauge of open connections. */
    public static final String CONNECTIONS = "managed.objects.connections";

    /** The {@code type} tag of objects of registered user types. */
    public static final String OTHER = "other";

    /** The built-in type ids, each with its own {@code managed.objects.hosted} gauge. */
    static final List<String> BUILT_IN_TYPES = BuiltInType.ids();

    private static final long MAX_AGE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final ObjectProvider<Manager> manager;

    private final Object lock = new Object();

    private volatile @Nullable Snapshot snapshot;

    /**
     * Creates the binder.
     *
     * @param manager the manager, resolved on the first scrape
     */
    public ManagedObjectsMeterBinder(ObjectProvider<Manager> manager) {
        this.manager = manager;
    }

    /**
     * Registers the gauges.
     *
     * @param registry the registry
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        for (String type : BUILT_IN_TYPES) {
            hostedGauge(registry, type);
        }
        hostedGauge(registry, OTHER);
        Gauge.builder(CONNECTIONS, this, binder -> binder.snapshot().connections())
                .description("Open connections to the managed-objects server")
                .strongReference(true)
                .register(registry);
    }

    private void hostedGauge(MeterRegistry registry, String type) {
        Gauge.builder(HOSTED, this, binder -> binder.snapshot().hosted(type))
                .description("Objects hosted by the managed-objects server")
                .tag("type", type)
                .strongReference(true)
                .register(registry);
    }

    /** The cached snapshot, refreshed when older than a second (by one thread; the others wait for it). */
    private Snapshot snapshot() {
        Snapshot current = snapshot;
        long now = System.nanoTime();
        if (current != null && now - current.takenAt() < MAX_AGE_NANOS) {
            return current;
        }
        synchronized (lock) {
            current = snapshot;
            now = System.nanoTime();
            if (current != null && now - current.takenAt() < MAX_AGE_NANOS) {
                return current;
            }
            Snapshot fresh = take();
            snapshot = fresh;
            return fresh;
        }
    }

    private Snapshot take() {
        ManagerStats stats;
        try {
            Manager resolved = manager.getIfAvailable();
            if (resolved == null) {
                return Snapshot.unavailable(System.nanoTime());
            }
            stats = resolved.stats();
        } catch (RuntimeException e) {
            return Snapshot.unavailable(System.nanoTime());
        }
        Map<String, Integer> counts = new HashMap<>();
        stats.objectsByType().forEach((type, count) -> counts.merge(BUILT_IN_TYPES.contains(type) ? type : OTHER, count, Integer::sum));
        return new Snapshot(System.nanoTime(), counts, stats.connections());
    }

    /**
     * One reading of the server.
     *
     * @param takenAt when it was taken ({@link System#nanoTime()})
     * @param counts hosted objects by type, or null if the server could not be read
     * @param connectionCount open connections
     */
    private record Snapshot(long takenAt, @Nullable Map<String, Integer> counts, int connectionCount) {

        static Snapshot unavailable(long takenAt) {
            return new Snapshot(takenAt, null, 0);
        }

        double hosted(String type) {
            Map<String, Integer> c = counts;
            return c == null ? Double.NaN : c.getOrDefault(type, 0);
        }

        double connections() {
            return counts == null ? Double.NaN : connectionCount;
        }
    }
}
