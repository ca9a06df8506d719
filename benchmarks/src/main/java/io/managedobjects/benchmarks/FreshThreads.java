package io.managedobjects.benchmarks;

import io.managedobjects.Manager;
import io.managedobjects.SharedMap;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Calls from threads that never called before cost what calls from a long-lived thread cost: N fresh
 * threads each making one {@code map.put} against one thread making N of them, on a forked server over
 * each transport. Fresh threads are virtual (one per call, all started at once, as a Spring MVC app on
 * virtual threads makes them) when the running JDK has them, and platform threads (started one per call,
 * at most 16 alive, next to starting and joining as many threads that make no call) either way. Each figure is the median of several runs after a warm-up run. Writes
 * {@code fresh-threads.json}; the budget is fresh ≥ 0.8 × one thread.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.managedobjects.benchmarks.FreshThreads <results-dir> [--quick]}, on a
 * JDK with virtual threads (21+) for the virtual-thread figure; the library itself runs on 17.
 */
public final class FreshThreads {

    private FreshThreads() {
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
        int calls = 10_000;
        int runs = quick ? 3 : 7;
        @org.jspecify.annotations.Nullable Method virtualExecutor = virtualThreadExecutor();
        StringBuilder json = new StringBuilder("{\n  \"java\": \"" + Runtime.version() + "\",\n  \"calls\": " + calls);
        for (Transport transport : Transport.values()) {
            String name = transport.name().toLowerCase(Locale.ROOT);
            try (Manager manager = SharedMapBenchmark.startManager(transport)) {
                SharedMap<Integer, Integer> map = manager.map();
                List<Double> one = new ArrayList<>();
                List<Double> virtual = new ArrayList<>();
                List<Double> platform = new ArrayList<>();
                List<Double> startsAlone = new ArrayList<>();
                for (int run = 0; run <= runs; run++) {
                    double oneRate = oneThread(map, calls);
                    double virtualRate = virtualExecutor == null ? Double.NaN : freshVirtual(map, calls, virtualExecutor);
                    double platformRate = freshPlatform(map, calls);
                    double startsRate = platformStartsAlone(calls);
                    if (run > 0) {
                        startsAlone.add(startsRate);
                        one.add(oneRate);
                        virtual.add(virtualRate);
                        platform.add(platformRate);
                    }
                }
                double oneMedian = median(one);
                double virtualMedian = median(virtual);
                double platformMedian = median(platform);
                double startsMedian = median(startsAlone);
                System.out.printf(Locale.ROOT, "%s: one thread %,.0f calls/s; %,d fresh virtual threads %,.0f calls/s (%.2fx); "
                        + "%,d fresh platform threads %,.0f calls/s (%.2fx; starting and joining those threads alone: %,.0f/s); "
                        + "server connections from this process: %d%n",
                        name, oneMedian, calls, virtualMedian, virtualMedian / oneMedian, calls, platformMedian,
                        platformMedian / oneMedian, startsMedian, manager.info().connections().size());
                json.append(String.format(Locale.ROOT, ",%n  \"%s\": {\"one_thread\": %.0f, \"fresh_virtual\": %s, "
                        + "\"fresh_platform\": %.0f, \"platform_starts_alone\": %.0f, \"virtual_ratio\": %s, \"platform_ratio\": %.3f, "
                        + "\"connections\": %d}", name,
                        oneMedian, Double.isNaN(virtualMedian) ? "null" : String.format(Locale.ROOT, "%.0f", virtualMedian),
                        platformMedian, startsMedian,
                        Double.isNaN(virtualMedian) ? "null" : String.format(Locale.ROOT, "%.3f", virtualMedian / oneMedian),
                        platformMedian / oneMedian, manager.info().connections().size()));
            }
        }
        json.append("\n}\n");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("fresh-threads.json"), json);
        if (virtualExecutor == null) {
            System.out.println("This JDK (" + Runtime.version() + ") has no virtual threads: run on 21+ for that figure");
        }
    }

    private static double oneThread(SharedMap<Integer, Integer> map, int calls) {
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            map.put(i, i);
        }
        return calls / ((System.nanoTime() - start) / 1e9);
    }

    private static double freshVirtual(SharedMap<Integer, Integer> map, int calls, Method newExecutor) throws Exception {
        long start = System.nanoTime();
        ExecutorService executor = (ExecutorService) newExecutor.invoke(null);
        try {
            List<Future<?>> done = new ArrayList<>(calls);
            for (int i = 0; i < calls; i++) {
                int key = i;
                done.add(executor.submit(() -> map.put(key, key)));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            executor.shutdown();
        }
        return calls / ((System.nanoTime() - start) / 1e9);
    }

    private static double freshPlatform(SharedMap<Integer, Integer> map, int calls) throws Exception {
        return freshPlatform(calls, key -> map.put(key, key));
    }

    /** Starting and joining the threads alone: the floor of the fresh platform-thread figure. */
    private static double platformStartsAlone(int calls) throws Exception {
        return freshPlatform(calls, key -> { });
    }

    private static double freshPlatform(int calls, java.util.function.IntConsumer call) throws Exception {
        long start = System.nanoTime();
        ExecutorService executor = Executors.newFixedThreadPool(16);
        try {
            // every call on a thread of its own, started for it; the pool only bounds how many are alive at once
            List<Future<?>> done = new ArrayList<>(calls);
            for (int i = 0; i < calls; i++) {
                int key = i;
                done.add(executor.submit(() -> {
                    Thread thread = new Thread(() -> call.accept(key));
                    thread.start();
                    thread.join();
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            executor.shutdown();
        }
        return calls / ((System.nanoTime() - start) / 1e9);
    }

    private static @org.jspecify.annotations.Nullable Method virtualThreadExecutor() {
        try {
            return Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() / 2);
    }
}
