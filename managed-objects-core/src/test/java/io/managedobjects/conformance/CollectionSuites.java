package io.managedobjects.conformance;

import com.google.common.collect.testing.ConcurrentMapTestSuiteBuilder;
import com.google.common.collect.testing.ListTestSuiteBuilder;
import com.google.common.collect.testing.QueueTestSuiteBuilder;
import com.google.common.collect.testing.SetTestSuiteBuilder;
import com.google.common.collect.testing.TestStringListGenerator;
import com.google.common.collect.testing.TestStringMapGenerator;
import com.google.common.collect.testing.TestStringQueueGenerator;
import com.google.common.collect.testing.TestStringSetGenerator;
import com.google.common.collect.testing.features.CollectionFeature;
import com.google.common.collect.testing.features.CollectionSize;
import com.google.common.collect.testing.features.ListFeature;
import com.google.common.collect.testing.features.MapFeature;
import com.google.common.collect.testing.features.SetFeature;
import io.managedobjects.Manager;
import io.managedobjects.SharedQueue;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.function.Supplier;
import junit.extensions.TestSetup;
import junit.framework.Test;
import junit.framework.TestSuite;

/**
 * Guava's collection conformance suites (the JDK {@code ConcurrentMap}, {@code List}, {@code Set} and
 * {@code Queue} contracts) for the shared collections of any backend: each backend's test names its manager.
 */
public final class CollectionSuites {

    private CollectionSuites() {
    }

    /**
     * The {@code ConcurrentMap} contract, on maps of the manager.
     *
     * @param manager the manager, once the suite runs
     * @return the suite
     */
    public static Test map(Supplier<Manager> manager) {
        return ConcurrentMapTestSuiteBuilder.using(new TestStringMapGenerator() {
                    @Override
                    protected Map<String, String> create(Map.Entry<String, String>[] entries) {
                        Map<String, String> initial = new LinkedHashMap<>();
                        for (Map.Entry<String, String> entry : entries) {
                            initial.put(entry.getKey(), entry.getValue());
                        }
                        return manager.get().map(initial);
                    }
                })
                .named("SharedMap")
                .withFeatures(MapFeature.GENERAL_PURPOSE, CollectionFeature.SUPPORTS_ITERATOR_REMOVE,
                        CollectionFeature.KNOWN_ORDER, CollectionSize.ANY)
                .createTestSuite();
    }

    /**
     * The {@code List} contract, on lists of the manager.
     *
     * @param manager the manager, once the suite runs
     * @return the suite
     */
    public static Test list(Supplier<Manager> manager) {
        return ListTestSuiteBuilder.using(new TestStringListGenerator() {
                    @Override
                    protected List<String> create(String[] elements) {
                        return manager.get().list(Arrays.asList(elements));
                    }
                })
                .named("SharedList")
                .withFeatures(ListFeature.GENERAL_PURPOSE, CollectionFeature.ALLOWS_NULL_VALUES,
                        CollectionFeature.SUPPORTS_ITERATOR_REMOVE, CollectionSize.ANY)
                .createTestSuite();
    }

    /**
     * The {@code Set} contract, on sets of the manager.
     *
     * @param manager the manager, once the suite runs
     * @return the suite
     */
    public static Test set(Supplier<Manager> manager) {
        return SetTestSuiteBuilder.using(new TestStringSetGenerator() {
                    @Override
                    protected Set<String> create(String[] elements) {
                        return manager.get().set(Arrays.asList(elements));
                    }
                })
                .named("SharedSet")
                .withFeatures(SetFeature.GENERAL_PURPOSE, CollectionFeature.ALLOWS_NULL_VALUES,
                        CollectionFeature.KNOWN_ORDER, CollectionSize.ANY)
                .createTestSuite();
    }

    /**
     * The {@code Queue} contract, on queues of the manager.
     *
     * @param manager the manager, once the suite runs
     * @return the suite
     */
    public static Test queue(Supplier<Manager> manager) {
        return QueueTestSuiteBuilder.using(new TestStringQueueGenerator() {
                    @Override
                    protected Queue<String> create(String[] elements) {
                        SharedQueue<String> queue = manager.get().queue();
                        queue.addAll(Arrays.asList(elements));
                        return queue;
                    }
                })
                .named("SharedQueue")
                .withFeatures(CollectionFeature.GENERAL_PURPOSE, CollectionFeature.KNOWN_ORDER, CollectionSize.ANY)
                .createTestSuite();
    }

    /**
     * Runs suites with a manager opened before them and closed after them.
     *
     * @param name the suite's name
     * @param open opens the manager
     * @param suites the suites, each given the manager once it is open
     * @return the whole suite
     */
    @SafeVarargs
    public static Test withManager(String name, Supplier<Manager> open, java.util.function.Function<Supplier<Manager>, Test>... suites) {
        Manager[] manager = new Manager[1];
        TestSuite suite = new TestSuite(name);
        for (java.util.function.Function<Supplier<Manager>, Test> each : suites) {
            suite.addTest(each.apply(() -> manager[0]));
        }
        return new TestSetup(suite) {
            @Override
            protected void setUp() {
                manager[0] = open.get();
            }

            @Override
            protected void tearDown() {
                manager[0].close();
            }
        };
    }
}
