package io.managedobjects.benchmarks;

import io.managedobjects.Manager;
import io.managedobjects.PoolFunction;
import io.managedobjects.PoolTask;
import io.managedobjects.SharedPool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Tasks per second through a 2-worker {@link SharedPool} for an empty task, next to Python's
 * {@code Manager().Pool(2).map} over the same count ({@code benchmarks/python/pool_bench.py}). A forked
 * manager ({@code Manager.start()}, a Unix socket) starts {@code manager.pool(2)}; after a warm-up map of
 * 2,000 items, {@code pool.map(Empty.class, items)} over 20,000 items is timed in 5 runs (5,000 items in 2
 * runs with {@code --quick}), then 200 single {@code apply} round trips after a warm-up. Writes
 * {@code pool.json}: {@code pool.map} in tasks/s (the median run as {@code value}, the best as {@code max})
 * and {@code pool.apply} in seconds (the median call, with p50/p99 in µs).
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.managedobjects.benchmarks.PoolThroughput <results-dir> [--quick]}.
 */
public final class PoolThroughput {

    private static final int PROCESSES = 2;
    private static final int WARM_UP_ITEMS = 2_000;
    private static final int APPLY_CALLS = 200;

    private PoolThroughput() {
    }

    /** The mapped function: returns its item, so that a map measures the pool alone. */
    public static class Empty implements PoolFunction<Integer, Integer> {
        @Override
        public Integer apply(Integer item) {
            return item;
        }
    }

    /** The applied task: returns its argument. */
    public static class EmptyTask implements PoolTask<Integer> {
        @Override
        public Integer call(Object... args) {
            return (Integer) args[0];
        }
    }

    /**
     * Runs the measurement.
     *
     * @param args the results directory, then {@code --quick} for a short run
     * @throws Exception if a run fails
     */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "benchmarks/results");
        boolean quick = Arrays.asList(args).contains("--quick");
        int items = quick ? 5_000 : 20_000;
        int runs = quick ? 2 : 5;
        Map<String, Map<String, Object>> results = new LinkedHashMap<>();
        try (Manager manager = Manager.start()) {
            SharedPool pool = manager.pool(PROCESSES);
            pool.map(Empty.class, range(WARM_UP_ITEMS)); // also waits for the workers to start
            List<Integer> input = range(items);
            List<Double> rates = new ArrayList<>();
            for (int run = 0; run < runs; run++) {
                long begin = System.nanoTime();
                List<Integer> out = pool.map(Empty.class, input);
                rates.add(items / ((System.nanoTime() - begin) / 1e9));
                if (out.size() != items) {
                    throw new IllegalStateException("expected " + items + " results, got " + out.size());
                }
            }
            for (int i = 0; i < APPLY_CALLS / 10; i++) {
                pool.apply(EmptyTask.class, i);
            }
            List<Double> latencies = new ArrayList<>();
            for (int i = 0; i < APPLY_CALLS; i++) {
                long begin = System.nanoTime();
                pool.apply(EmptyTask.class, i);
                latencies.add((System.nanoTime() - begin) / 1e9);
            }
            pool.close();
            pool.join();
            Map<String, Object> mapStats = Scenarios.withCount(Scenarios.stats(rates, "ops/s"), items);
            Map<String, Object> applyStats = Scenarios.withCount(Scenarios.stats(latencies, "s"), APPLY_CALLS);
            applyStats.put("p50_us", percentile(latencies, 50) * 1e6);
            applyStats.put("p99_us", percentile(latencies, 99) * 1e6);
            results.put("pool.map", mapStats);
            // one figure, two Python baselines: our map has no chunk size to choose (every item is its own task with
            // its own outcome; the server sizes the workers' chunks itself), Python's default sends len/(4 x workers)
            // items per task, its chunksize=1 one item per task
            results.put("pool.map.chunksize1", mapStats);
            results.put("pool.apply", applyStats);
            System.out.printf(Locale.ROOT, "pool.map: %,.0f tasks/s (median of %d runs of %,d items; best %,.0f); "
                    + "pool.apply: p50 %.1f µs, p99 %.1f µs%n", mapStats.get("value"), runs, items, mapStats.get("max"),
                    applyStats.get("p50_us"), applyStats.get("p99_us"));
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("pool.json"), Scenarios.toJson(Map.of("quick", quick, "processes", PROCESSES, "results", results)));
        System.out.println("wrote " + dir.resolve("pool.json"));
    }

    private static List<Integer> range(int count) {
        return IntStream.range(0, count).boxed().toList();
    }

    /** Nearest-rank percentile, as the Python scripts compute it. */
    private static double percentile(List<Double> values, double q) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        return sorted.get(Math.max(1, (int) Math.ceil(q / 100 * sorted.size())) - 1);
    }
}
