package io.managedobjects.internal.server;

import com.google.common.collect.testing.MapTestSuiteBuilder;
import com.google.common.collect.testing.SampleElements;
import com.google.common.collect.testing.TestMapGenerator;
import com.google.common.collect.testing.TestStringMapGenerator;
import com.google.common.collect.testing.features.CollectionFeature;
import com.google.common.collect.testing.features.CollectionSize;
import com.google.common.collect.testing.features.MapFeature;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import junit.framework.Test;
import junit.framework.TestSuite;
import org.junit.runner.RunWith;
import org.junit.runners.AllTests;

/**
 * Guava's {@code Map} conformance suite run against the hosted map's storage: with text keys and values (held as
 * references) and with {@code Integer} and {@code Long} ones (held unboxed), each with nulls, which widen a column.
 */
@RunWith(AllTests.class)
public class CompactMapConformanceTest {

    public static Test suite() {
        TestSuite suite = new TestSuite("CompactMap");
        suite.addTest(MapTestSuiteBuilder.using(new TestStringMapGenerator() {
                    @Override
                    protected Map<String, String> create(Map.Entry<String, String>[] entries) {
                        return fill(entries);
                    }
                })
                .named("CompactMap of text")
                .withFeatures(features())
                .createTestSuite());
        suite.addTest(MapTestSuiteBuilder.using(new Numbers<>(new SampleElements<>(1, -7, 1 << 20, 0, 42),
                        new SampleElements<>(100, Integer.MIN_VALUE, Integer.MAX_VALUE, -1, 5)))
                .named("CompactMap of Integer")
                .withFeatures(features())
                .createTestSuite());
        suite.addTest(MapTestSuiteBuilder.using(new Numbers<>(new SampleElements<>(1L, Long.MIN_VALUE, 1L << 40, 0L, -3L),
                        new SampleElements<>(Long.MAX_VALUE, 2L, 3L, 4L, 5L)))
                .named("CompactMap of Long")
                .withFeatures(features())
                .createTestSuite());
        return suite;
    }

    private static List<com.google.common.collect.testing.features.Feature<?>> features() {
        return Arrays.<com.google.common.collect.testing.features.Feature<?>>asList(MapFeature.GENERAL_PURPOSE, MapFeature.ALLOWS_NULL_KEYS, MapFeature.ALLOWS_NULL_VALUES,
                MapFeature.ALLOWS_ANY_NULL_QUERIES, MapFeature.FAILS_FAST_ON_CONCURRENT_MODIFICATION,
                CollectionFeature.SUPPORTS_ITERATOR_REMOVE, CollectionFeature.KNOWN_ORDER, CollectionSize.ANY);
    }

    @SuppressWarnings("unchecked")
    private static <K, V> Map<K, V> fill(Map.Entry<K, V>[] entries) {
        Map<Object, Object> map = new CompactMap();
        for (Map.Entry<K, V> entry : entries) {
            map.put(entry.getKey(), entry.getValue());
        }
        return (Map<K, V>) (Map<?, ?>) map;
    }

    /** Numeric samples; Guava's built-in generators only cover text. */
    private record Numbers<T>(SampleElements<T> keys, SampleElements<T> values) implements TestMapGenerator<T, T> {

        @Override
        public SampleElements<Map.Entry<T, T>> samples() {
            return SampleElements.mapEntries(keys, values);
        }

        @Override
        public Map<T, T> create(Object... entries) {
            @SuppressWarnings("unchecked")
            Map.Entry<T, T>[] typed = Arrays.copyOf(entries, entries.length, Map.Entry[].class);
            return fill(typed);
        }

        @Override
        @SuppressWarnings("unchecked")
        public Map.Entry<T, T>[] createArray(int length) {
            return new Map.Entry[length];
        }

        @Override
        public T[] createKeyArray(int length) {
            @SuppressWarnings("unchecked")
            T[] array = (T[]) java.lang.reflect.Array.newInstance(keys.e0().getClass(), length);
            return array;
        }

        @Override
        public T[] createValueArray(int length) {
            return createKeyArray(length);
        }

        @Override
        public Iterable<Map.Entry<T, T>> order(List<Map.Entry<T, T>> insertionOrder) {
            return insertionOrder;
        }
    }
}
