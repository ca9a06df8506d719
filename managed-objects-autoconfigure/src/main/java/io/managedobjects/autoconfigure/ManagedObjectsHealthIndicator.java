package io.managedobjects.autoconfigure;

import io.managedobjects.Manager;
import io.managedobjects.ManagerStats;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The {@code managedObjects} health contributor: UP when the manager server answers {@link Manager#stats()} (a
 * cheap call: counts, not the list of objects),
 * with its {@code address}, {@code pid}, the number of hosted {@code objects} and open {@code connections},
 * and the round trip's {@code latencyMillis}; DOWN with the error when the server is unreachable.
 */
public class ManagedObjectsHealthIndicator extends AbstractHealthIndicator {

    private final Manager manager;

    /**
     * Creates the indicator.
     *
     * @param manager the manager whose server is checked
     */
    public ManagedObjectsHealthIndicator(Manager manager) {
        super(e -> "The manager server at " + addressOf(manager) + " is unreachable");
        this.manager = manager;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        long start = System.nanoTime();
        ManagerStats stats;
        try {
            stats = manager.stats();
        } catch (RuntimeException e) {
            builder.down(e)
                    .withDetail("address", addressOf(manager))
                    .withDetail("message", "The manager server at " + addressOf(manager) + " is unreachable");
            return;
        }
        long latencyMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        builder.up()
                .withDetail("address", stats.server().address())
                .withDetail("pid", stats.server().pid())
                .withDetail("objects", stats.objects())
                .withDetail("connections", stats.connections())
                .withDetail("latencyMillis", latencyMillis);
    }

    private static String addressOf(Manager manager) {
        try {
            return io.managedobjects.internal.backend.Backends.redacted(manager.address());   // never a Redis password
        } catch (RuntimeException e) {
            return "(unknown address)";
        }
    }
}
