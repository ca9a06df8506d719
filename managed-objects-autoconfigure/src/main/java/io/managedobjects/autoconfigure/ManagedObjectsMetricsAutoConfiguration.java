package io.managedobjects.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of the managed-objects Micrometer meters: a timer of client calls, byte counters,
 * and gauges of hosted objects and connections, when a {@code MeterRegistry} exists.
 */
@AutoConfiguration(after = ManagedObjectsAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@Import(MetricsConfiguration.class)
public final class ManagedObjectsMetricsAutoConfiguration {
}
