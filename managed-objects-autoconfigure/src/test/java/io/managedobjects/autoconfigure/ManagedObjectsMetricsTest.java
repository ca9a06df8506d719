package io.managedobjects.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.managedobjects.Manager;
import io.managedobjects.ManagerConnectionException;
import io.managedobjects.ManagerServer;
import io.managedobjects.SharedMap;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

class ManagedObjectsMetricsTest {

    private static final byte[] KEY = "metrics-test-key".getBytes(StandardCharsets.UTF_8);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private ManagerServer server;
    private Manager manager;

    @BeforeEach
    void start() {
        server = ManagerServer.builder().authKey(KEY).build().start();
        manager = Manager.builder().address(server.address()).authKey(KEY)
                .callObserver(new ManagedObjectsCallMetrics(registry)).connect();
    }

    @AfterEach
    void stop() {
        try {
            if (manager != null) {
                manager.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
            registry.close();
        }
    }

    @Test
    void timesEveryCallByTypeOperationAndOutcomeAndCountsTheBytes() {
        SharedMap<String, Integer> scores = manager.map("scores");
        scores.put("ann", 3);
        assertThat(scores.get("ann")).isEqualTo(3);

        Timer puts = registry.get(ManagedObjectsCallMetrics.CALLS).tags("type", "map", "operation", "put", "outcome", "success").timer();
        assertThat(puts.count()).isGreaterThanOrEqualTo(1);
        assertThat(registry.get(ManagedObjectsCallMetrics.CALLS).tags("type", "map", "operation", "get", "outcome", "success").timer().count())
                .isGreaterThanOrEqualTo(1);
        assertThat(registry.get(ManagedObjectsCallMetrics.CALLS).tags("type", "server", "operation", "create").timers()).isNotEmpty();

        assertThat(total(registry, ManagedObjectsCallMetrics.BYTES_SENT)).isGreaterThan(0);
        assertThat(total(registry, ManagedObjectsCallMetrics.BYTES_RECEIVED)).isGreaterThan(0);
        Counter mapBytesSent = registry.get(ManagedObjectsCallMetrics.BYTES_SENT).tag("type", "map").counter();
        assertThat(mapBytesSent.count()).isGreaterThan(0);
        assertThat(mapBytesSent.getId().getBaseUnit()).isEqualTo("bytes");
    }

    @Test
    void recordsFailedCallsWithTheirOutcome() {
        SharedMap<String, Integer> scores = manager.map("scores");
        scores.put("ann", 3);

        server.close();

        assertThatThrownBy(() -> scores.get("ann")).isInstanceOf(ManagerConnectionException.class);
        assertThat(registry.get(ManagedObjectsCallMetrics.CALLS).tags("type", "map", "operation", "get", "outcome", "disconnected").timer().count())
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void gaugesHostedObjectsByTypeAndConnectionsFromOneSnapshotPerScrape() {
        manager.map("scores").put("ann", 3);
        manager.map("other-scores");
        manager.lock("a-lock");
        manager.array("an-array", 2);
        AtomicInteger resolutions = new AtomicInteger();
        ObjectProvider<Manager> provider = new ObjectProvider<>() {
            @Override
            public Manager getIfAvailable() {
                resolutions.incrementAndGet();
                return manager;
            }
        };
        SimpleMeterRegistry gauges = new SimpleMeterRegistry();
        try {
            new ManagedObjectsMeterBinder(provider).bindTo(gauges);
            assertThat(resolutions).as("binding must not resolve the manager").hasValue(0);

            double statsCallsBefore = serverCalls("stats");
            double infoCallsBefore = serverCalls("info");
            assertThat(hosted(gauges, "map")).isGreaterThanOrEqualTo(2);
            assertThat(hosted(gauges, "lock")).isGreaterThanOrEqualTo(1);
            assertThat(hosted(gauges, "longArray")).as("every built-in type has its gauge").isGreaterThanOrEqualTo(1);
            assertThat(hosted(gauges, "queue")).isZero();
            assertThat(hosted(gauges, ManagedObjectsMeterBinder.OTHER)).isZero();
            assertThat(gauges.get(ManagedObjectsMeterBinder.CONNECTIONS).gauge().value()).isGreaterThanOrEqualTo(1);
            for (Gauge gauge : gauges.get(ManagedObjectsMeterBinder.HOSTED).gauges()) {
                assertThat(gauge.value()).isNotNaN();
            }
            assertThat(gauges.get(ManagedObjectsMeterBinder.HOSTED).gauges()).hasSize(ManagedObjectsMeterBinder.BUILT_IN_TYPES.size() + 1);
            assertThat(serverCalls("stats") - statsCallsBefore).as("one stats() round trip for all the gauges").isEqualTo(1);
            assertThat(serverCalls("info") - infoCallsBefore).as("no info(): the gauges never fetch the object list").isZero();
        } finally {
            gauges.close();
        }
    }

    @Test
    void gaugesReportNaNWhenTheServerIsUnreachable() {
        StaticListableBeanFactory beans = new StaticListableBeanFactory(Map.of("manager", manager));
        server.close();
        SimpleMeterRegistry gauges = new SimpleMeterRegistry();
        try {
            new ManagedObjectsMeterBinder(beans.getBeanProvider(Manager.class)).bindTo(gauges);

            assertThat(hosted(gauges, "map")).isNaN();
            assertThat(gauges.get(ManagedObjectsMeterBinder.CONNECTIONS).gauge().value()).isNaN();
        } finally {
            gauges.close();
        }
    }

    @Test
    void gaugesReportNaNWithoutAManager() {
        ObjectProvider<Manager> none = new ObjectProvider<>() {
            @Override
            public @Nullable Manager getIfAvailable() {
                return null;
            }
        };
        SimpleMeterRegistry gauges = new SimpleMeterRegistry();
        try {
            new ManagedObjectsMeterBinder(none).bindTo(gauges);

            assertThat(hosted(gauges, "map")).isNaN();
        } finally {
            gauges.close();
        }
    }

    private double serverCalls(String method) {
        return registry.find(ManagedObjectsCallMetrics.CALLS).tags("type", "server", "operation", method).timers().stream()
                .mapToDouble(Timer::count).sum();
    }

    private static double hosted(MeterRegistry registry, String type) {
        return registry.get(ManagedObjectsMeterBinder.HOSTED).tag("type", type).gauge().value();
    }

    private static double total(MeterRegistry registry, String counter) {
        return registry.get(counter).counters().stream().mapToDouble(Counter::count).sum();
    }
}
