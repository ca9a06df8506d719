package io.managedobjects.redis;

import io.managedobjects.conformance.CollectionSuites;
import junit.framework.Test;
import junit.framework.TestSuite;
import org.junit.runner.RunWith;
import org.junit.runners.AllTests;

/**
 * Guava's conformance suites, as the forked server runs them, against the shared collections on a real
 * redis-server (the {@code ConcurrentMap}, {@code List}, {@code Set} and {@code Queue} contracts).
 */
@RunWith(AllTests.class)
public class RedisCollectionsConformanceTest {

    public static Test suite() {
        if (!RedisServer.installed()) {
            return new TestSuite("shared collections on Redis: skipped, redis-server is not installed");
        }
        return CollectionSuites.withManager("shared collections on Redis", RedisServer::connectForVintage, CollectionSuites::map,
                CollectionSuites::list, CollectionSuites::set, CollectionSuites::queue);
    }
}
