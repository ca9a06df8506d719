/**
 * JMH benchmarks of managed-objects: {@link io.managedobjects.benchmarks.SharedMapBenchmark} measures
 * synchronous proxy calls, {@link io.managedobjects.benchmarks.RawPingPongBenchmark} the floor under
 * them, a raw blocking ping-pong between two JVMs on the same transport.
 */
@NullMarked
package io.managedobjects.benchmarks;

import org.jspecify.annotations.NullMarked;
