package io.managedobjects.conformance;

import com.google.common.collect.testing.ConcurrentMapTestSuiteBuilder;
import com.google.common.collect.testing.ListTestSuiteBuilder;
import com.google.common.collect.testing.QueueTestSuiteBuilder;
import com.google.common.collect.testing.SetTestSuiteBuilder;
import com.google.common.collect.testing.TestStringQueueGenerator;
import com.google.common.collect.testing.TestStringListGenerator;
import com.google.common.collect.testing.TestStringSetGenerator;
import com.google.common.collect.testing.TestStringMapGenerator;
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
import junit.extensions.TestSetup;
import junit.framework.Test;
import junit.framework.TestSuite;
import org.junit.runner.RunWith;
import org.junit.runners.AllTests;

/**
 * Guava's collection conformance suites (the JDK {@code ConcurrentMap} and {@code List} contracts)
 * run against {@code SharedMap}, {@code SharedList}, {@code SharedSet} and {@code SharedQueue} proxies of one
 * forked manager.
 */
@RunWith(AllTests.class)
public class SharedCollectionsConformanceTest {

    private static Manager manager;

    public static Test suite() {
        TestSuite suite = new TestSuite("shared collections");
        suite.addTest(ConcurrentMapTestSuiteBuilder.using(new TestStringMapGenerator() {
                    @Override
                    protected Map<String, String> create(Map.Entry<String, String>[] entries) {
                        Map<String, String> initial = new LinkedHashMap<>();
                        for (Map.Entry<String, String> entry : entries) {
                            initial.put(entry.getKey(), entry.getValue());
                        }
                        return manager.map(initial);
                    }
                })
                .named("SharedMap")
                .withFeatures(MapFeature.GENERAL_PURPOSE, CollectionFeature.SUPPORTS_ITERATOR_REMOVE,
                        CollectionFeature.KNOWN_ORDER, CollectionSize.ANY)
                .createTestSuite());
        suite.addTest(ListTestSuiteBuilder.using(new TestStringListGenerator() {
                    @Override
                    protected List<String> create(String[] elements) {
                        return manager.list(Arrays.asList(elements));
                    }
                })
                .named("SharedList")
                .withFeatures(ListFeature.GENERAL_PURPOSE, CollectionFeature.ALLOWS_NULL_VALUES,
                        CollectionFeature.SUPPORTS_ITERATOR_REMOVE, CollectionSize.ANY)
                .createTestSuite());
        suite.addTest(SetTestSuiteBuilder.using(new TestStringSetGenerator() {
                    @Override
                    protected Set<String> create(String[] elements) {
                        return manager.set(Arrays.asList(elements));
                    }
                })
                .named("SharedSet")
                .withFeatures(SetFeature.GENERAL_PURPOSE, CollectionFeature.ALLOWS_NULL_VALUES,
                        CollectionFeature.KNOWN_ORDER, CollectionSize.ANY)
                .createTestSuite());
        suite.addTest(QueueTestSuiteBuilder.using(new TestStringQueueGenerator() {
                    @Override
                    protected Queue<String> create(String[] elements) {
                        SharedQueue<String> queue = manager.queue();
                        queue.addAll(Arrays.asList(elements));
                        return queue;
                    }
                })
                .named("SharedQueue")
                .withFeatures(CollectionFeature.GENERAL_PURPOSE, CollectionFeature.KNOWN_ORDER, CollectionSize.ANY)
                .createTestSuite());
        return new TestSetup(suite) {
            @Override
            protected void setUp() {
                manager = Manager.start();
            }

            @Override
            protected void tearDown() {
                manager.close();
            }
        };
    }
}
