package io.managedobjects.autoconfigure.observation;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedobjects.CallObserver;
import io.managedobjects.Manager;
import io.managedobjects.SharedMap;
import io.managedobjects.autoconfigure.ManagedObjectsAutoConfiguration;
import io.managedobjects.autoconfigure.ManagedObjectsCallMetrics;
import io.managedobjects.autoconfigure.ManagedObjectsMetricsAutoConfiguration;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Every call of the application's manager is an observation; the call timer comes from it, once. */
class ManagedObjectsObservationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ManagedObjectsAutoConfiguration.class, ManagedObjectsObservationAutoConfiguration.class,
                    ManagedObjectsMetricsAutoConfiguration.class))
            .withPropertyValues("managed-objects.mode=embedded");

    /** Observations go to a recording handler and to Micrometer's meter handler, as in Spring Boot. */
    @Configuration(proxyBeanMethods = false)
    static class Observed {

        final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

        @Bean
        ObservationRegistry observationRegistry(MeterRegistry meters) {
            ObservationRegistry registry = ObservationRegistry.create();
            registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
            registry.observationConfig().observationHandler(new ObservationHandler<>() {
                @Override
                public void onStop(Observation.Context context) {
                    stopped.add(context);
                }

                @Override
                public boolean supportsContext(Observation.Context context) {
                    return true;
                }
            });
            return registry;
        }
    }

    @Test
    void everyCallIsAnObservationWithTypeOperationOutcomeAndTheObjectsName() {
        runner.withUserConfiguration(Observed.class).run(context -> {
            SharedMap<String, Integer> scores = context.getBean(Manager.class).map("scores");
            scores.put("ann", 3);

            List<Observation.Context> stopped = context.getBean(Observed.class).stopped;
            Observation.Context put = stopped.stream().filter(c -> c instanceof ManagedObjectsObservationContext m
                    && m.getOperation().equals("put")).findFirst().orElseThrow();
            assertThat(put.getName()).isEqualTo("managed.objects.calls");
            assertThat(put.getContextualName()).isEqualTo("map put");
            assertThat(put.getLowCardinalityKeyValues()).isEqualTo(KeyValues.of("type", "map", "operation", "put", "outcome", "success"));
            assertThat(put.getHighCardinalityKeyValues()).isEqualTo(KeyValues.of("managed.objects.name", "scores"));
        });
    }

    @Test
    void theCallTimerComesFromTheObservationsAndIsNotMeasuredTwice() {
        runner.withUserConfiguration(Observed.class).run(context -> {
            SharedMap<String, Integer> scores = context.getBean(Manager.class).map("scores");
            scores.put("ann", 3);
            scores.put("bob", 4);

            MeterRegistry meters = context.getBean(MeterRegistry.class);
            // one timer per tag set, counting each put once: the observation's, not a second one of the call metrics
            assertThat(meters.find(ManagedObjectsCallMetrics.CALLS).tags("type", "map", "operation", "put").timers())
                    .singleElement().satisfies(timer -> assertThat(timer.count()).isEqualTo(2));
            assertThat(meters.find(ManagedObjectsCallMetrics.BYTES_SENT).tag("type", "map").counter()).isNotNull();
        });
    }

    @Test
    void aConventionBeanReplacesTheDefault() {
        runner.withUserConfiguration(Observed.class).withBean(ManagedObjectsObservationConvention.class, () -> new DefaultManagedObjectsObservationConvention() {
            @Override
            public String getName() {
                return "shared.state.calls";
            }
        }).run(context -> {
            context.getBean(Manager.class).<String, Integer>map("scores").put("ann", 3);
            assertThat(context.getBean(Observed.class).stopped).anySatisfy(c -> assertThat(c.getName()).isEqualTo("shared.state.calls"));
        });
    }

    @Test
    void withoutAnObservationRegistryNoCallIsObserved() {
        runner.run(context -> {
            assertThat(context).doesNotHaveBean(ObservationCallObserver.class);
            assertThat(context).hasSingleBean(Manager.class);
        });
    }

    @Test
    void theUsersOwnObserverBeanBacksTheDefaultOffAndANoopOneLeavesTheTimerToTheCallMetrics() {
        runner.withUserConfiguration(Observed.class)
                .withBean(ObservationCallObserver.class, () -> new ObservationCallObserver(ObservationRegistry.NOOP, null))
                .run(context -> {
                    assertThat(context.getBeansOfType(CallObserver.class)).hasSize(2);
                    context.getBean(Manager.class).<String, Integer>map("scores").put("ann", 3);
                    assertThat(context.getBean(MeterRegistry.class).find(ManagedObjectsCallMetrics.CALLS)
                            .tags("type", "map", "operation", "put").timers()).singleElement()
                            .satisfies(timer -> assertThat(timer.count()).isEqualTo(1));
                    assertThat(context.getBean(Observed.class).stopped).isEmpty();
                });
    }
}
