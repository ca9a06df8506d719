package io.managedobjects.benchmarks;

import io.managedobjects.Manager;
import io.managedobjects.Pipeline;
import io.managedobjects.SharedAtomicLong;
import io.managedobjects.SharedList;
import io.managedobjects.SharedLock;
import io.managedobjects.SharedMap;
import io.managedobjects.SharedQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The other single-client operations, each a synchronous call (or pair of calls) from one thread on
 * its own connection, plus proxy creation and the pipelined path.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class OperationsBenchmark {

    private static final int PIPELINED = 1000;

    /** The transport: {@code unix} or {@code tcp} (loopback). */
    @Param({"unix", "tcp"})
    public String transport = "unix";

    private @Nullable Manager manager;
    private @Nullable SharedList<Integer> list;
    private @Nullable SharedLock lock;
    private @Nullable SharedQueue<Integer> queue;
    private @Nullable SharedAtomicLong counter;
    private @Nullable BenchTarget target;
    private @Nullable SharedMap<Integer, Integer> map;
    private @Nullable Pipeline pipeline;

    /** Forks the manager server and creates the objects. */
    @Setup(Level.Trial)
    public void setUp() {
        Manager started = SharedMapBenchmark.startManager(Transport.of(transport));
        manager = started;
        list = started.list();
        lock = started.lock();
        queue = started.queue();
        counter = started.atomicLong(0);
        target = started.create(BenchTarget.class);
        map = started.map();
        pipeline = started.pipeline();
    }

    /** Empties the list between iterations so that it does not grow without bound. */
    @Setup(Level.Iteration)
    public void clearList() {
        if (list != null) {
            list.clear();
        }
    }

    /** Stops the manager server. */
    @TearDown(Level.Trial)
    public void tearDown() {
        if (pipeline != null) {
            pipeline.close();
        }
        if (manager != null) {
            manager.close();
        }
        manager = null;
    }

    /**
     * {@code list.add}.
     *
     * @return whether it was added
     */
    @Benchmark
    public boolean listAdd() {
        return list.add(1);
    }

    /** {@code lock()} then {@code unlock()}: two calls. */
    @Benchmark
    public void lockPair() {
        lock.lock();
        lock.unlock();
    }

    /**
     * {@code put} then {@code take}: two calls.
     *
     * @return the item
     * @throws InterruptedException never: the item is there
     */
    @Benchmark
    public Integer queuePair() throws InterruptedException {
        queue.put(1);
        return queue.take();
    }

    /**
     * {@code incrementAndGet}.
     *
     * @return the new value
     */
    @Benchmark
    public long increment() {
        return counter.incrementAndGet();
    }

    /**
     * A method call on a hosted instance of a registered class.
     *
     * @return its result
     */
    @Benchmark
    public int customCall() {
        return target.ping();
    }

    /** Creates an anonymous map (one round trip) and drops it (its release is batched). */
    @Benchmark
    public void createRelease() {
        manager.map();
    }

    /**
     * A thousand {@code map.put} calls kept in flight on one connection, then a flush: per put.
     *
     * @throws InterruptedException never
     */
    @Benchmark
    @OperationsPerInvocation(PIPELINED)
    public void pipelinedPut() throws InterruptedException {
        SharedMap<Integer, Integer> m = map;
        for (int i = 0; i < PIPELINED; i++) {
            int n = i;
            pipeline.call(m, x -> x.put(n & 1023, n));
        }
        pipeline.flush();
    }
}
