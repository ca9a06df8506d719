package io.managedobjects.benchmarks;

import io.managedobjects.Manager;
import io.managedobjects.SharedMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Synchronous {@link SharedMap} calls against a forked manager server: each call is one request and
 * one response on the calling thread's own connection. Compare with {@link RawPingPongBenchmark} on
 * the same transport, the floor of any synchronous round trip.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SharedMapBenchmark {

    /** The key every benchmark reads or writes. */
    private static final Integer KEY = 1;

    /** The transport: {@code unix} (the default of {@link Manager#start()}) or {@code tcp} (loopback). */
    @Param({"unix", "tcp"})
    public String transport = "unix";

    private @Nullable Manager manager;
    private @Nullable SharedMap<Integer, Integer> map;

    /** A benchmark thread's source of values to put. */
    @State(Scope.Thread)
    public static class Counter {

        private int next;

        int next() {
            return ++next;
        }
    }

    /** Forks the manager server, creates the map and puts the key the benchmarks use. */
    @Setup(Level.Trial)
    public void setUp() {
        Manager started = startManager(Transport.of(transport));
        manager = started;
        SharedMap<Integer, Integer> created = started.map();
        created.put(KEY, 0);
        map = created;
    }

    /** Shuts the manager server down; its process is gone when this returns. */
    @TearDown(Level.Trial)
    public void tearDown() {
        Manager started = manager;
        manager = null;
        map = null;
        if (started != null) {
            started.close();
        }
    }

    /**
     * One {@code map.put} from one thread.
     *
     * @param counter this thread's values
     * @return the previous value
     */
    @Benchmark
    public Integer put(Counter counter) {
        return map().put(KEY, counter.next());
    }

    /**
     * {@code map.put} from eight threads at once, each on its own connection, all on the same key.
     *
     * @param counter this thread's values
     * @return the previous value
     */
    @Benchmark
    @Threads(8)
    public Integer put8Threads(Counter counter) {
        return map().put(KEY, counter.next());
    }

    /**
     * One {@code map.get} from one thread.
     *
     * @return the value
     */
    @Benchmark
    public Integer get() {
        return map().get(KEY);
    }

    private SharedMap<Integer, Integer> map() {
        SharedMap<Integer, Integer> m = map;
        if (m == null) {
            throw new IllegalStateException("The manager is not started");
        }
        return m;
    }

    static Manager startManager(Transport transport) {
        return builder(transport).start();
    }

    /** A builder of a forked manager on the transport, with the benchmarks' registered class. */
    static io.managedobjects.ManagerBuilder builder(Transport transport) {
        io.managedobjects.ManagerBuilder builder = Manager.builder().register(BenchTarget.class);
        return transport == Transport.TCP ? builder.address("tcp://127.0.0.1:0") : builder;
    }
}
