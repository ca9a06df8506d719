package io.managedobjects.conformance;

import io.managedobjects.Manager;
import junit.framework.Test;
import org.junit.runner.RunWith;
import org.junit.runners.AllTests;

/**
 * Guava's collection conformance suites (the JDK {@code ConcurrentMap} and {@code List} contracts)
 * run against {@code SharedMap}, {@code SharedList}, {@code SharedSet} and {@code SharedQueue} proxies of one
 * forked manager.
 */
@RunWith(AllTests.class)
public class SharedCollectionsConformanceTest {

    public static Test suite() {
        return CollectionSuites.withManager("shared collections", Manager::start, CollectionSuites::map, CollectionSuites::list,
                CollectionSuites::set, CollectionSuites::queue);
    }
}
