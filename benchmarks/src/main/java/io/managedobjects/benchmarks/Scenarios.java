package io.managedobjects.benchmarks;

import io.managedobjects.ManagedProcess;
import io.managedobjects.Manager;
import io.managedobjects.ProcessTask;
import io.managedobjects.SharedMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The measurements that are not a per-call JMH benchmark, over both transports: 4 client processes
 * putting at once, {@code Manager.start()} to the first completed call, one million entries one at a
 * time and with one {@code putAll} (after a warm-up run), and the RSS of a server holding them.
 * Each is the median and spread of several runs. Writes {@code scenarios.json}.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.managedobjects.benchmarks.Scenarios <results-dir> [--quick]}.
 */
public final class Scenarios {

    private Scenarios() {
    }

    /**
     * A client process: waits at the start barrier (so JVM start-up is not timed), puts its share of
     * keys, then waits at the end barrier. The parent times from one barrier to the other.
     */
    public static class PutWorker implements ProcessTask {
        @Override
        @SuppressWarnings("unchecked")
        public void run(Object... args) throws Exception {
            SharedMap<Integer, Integer> map = (SharedMap<Integer, Integer>) args[0];
            int worker = (Integer) args[1];
            int count = (Integer) args[2];
            io.managedobjects.SharedBarrier start = (io.managedobjects.SharedBarrier) args[3];
            io.managedobjects.SharedBarrier end = (io.managedobjects.SharedBarrier) args[4];
            map.put(-worker - 1, 0);
            start.await();
            for (int i = 0; i < count; i++) {
                map.put(worker * count + i, i);
            }
            end.await();
        }
    }

    /** A child process that appends the time of its first call (epoch milliseconds) to a shared list, and ends. */
    public static class Appender implements ProcessTask {
        @Override
        @SuppressWarnings("unchecked")
        public void run(Object... args) {
            ((io.managedobjects.SharedList<Long>) args[0]).add(System.currentTimeMillis());
        }
    }

    /**
     * Child processes: the time from {@code process(...).start()} to the child's first completed call, with every
     * child a fresh JVM (spares off) and in the steady state of children started one after another (each starts in
     * the spare JVM the one before left connected); then 50 children started at once that each append to one shared
     * list (the tutorial's first scenario), until all have ended. The first run of each warms up, and creates the
     * class-data archive of child JVMs.
     */
    static void children(Manager manager, int runs, Map<String, Map<String, Object>> results) throws Exception {
        results.put("child.cold_start_to_first_call.unix", stats(firstCalls(manager, runs, false), "s"));
        results.put("child.start_to_first_call.unix", stats(firstCalls(manager, runs, true), "s"));
        List<Double> fifty = new ArrayList<>();
        for (int run = 0; run <= Math.min(runs, 3); run++) {
            io.managedobjects.SharedList<Long> list = manager.list();
            long begin = System.nanoTime();
            List<ManagedProcess> children = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                children.add(manager.process(Appender.class, list).start());
            }
            for (ManagedProcess child : children) {
                child.join();
            }
            if (list.size() != 50) {
                throw new IllegalStateException("50 children appended " + list.size() + " items");
            }
            if (run > 0) {
                fifty.add((System.nanoTime() - begin) / 1e9);
            }
        }
        results.put("children.50.append.unix", stats(fifty, "s"));
    }

    private static List<Double> firstCalls(Manager manager, int runs, boolean spare) throws Exception {
        System.setProperty("managedobjects.spareProcess", Boolean.toString(spare));
        List<Double> firstCalls = new ArrayList<>();
        java.util.Set<Long> known = new java.util.HashSet<>(List.of(ProcessHandle.current().pid()));
        for (int run = 0; run <= runs; run++) {
            if (spare && run > 0) {
                awaitSpare(manager, known);
            }
            io.managedobjects.SharedList<Long> list = manager.list();
            long started = System.currentTimeMillis();
            ManagedProcess child = manager.process(Appender.class, list).start();
            child.join();
            known.add(child.pid());
            if (run > 0) {
                firstCalls.add((list.get(0) - started) / 1e3);
            }
        }
        return firstCalls;
    }

    /**
     * 4 client processes putting at once, each its own keys after a start barrier: the aggregate calls per second of
     * each run after the first.
     */
    private static List<Double> fourProcesses(Manager manager, int runs, int perWorker) throws Exception {
        List<Double> aggregate = new ArrayList<>();
        for (int run = 0; run <= runs; run++) {
            SharedMap<Integer, Integer> map = manager.map();
            io.managedobjects.SharedBarrier start = manager.barrier(5);
            io.managedobjects.SharedBarrier end = manager.barrier(5);
            List<ManagedProcess> workers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                workers.add(manager.process(PutWorker.class, map, w, perWorker, start, end).start());
            }
            start.await();
            long begin = System.nanoTime();
            end.await();
            double seconds = (System.nanoTime() - begin) / 1e9;
            for (ManagedProcess worker : workers) {
                worker.join();
            }
            if (run > 0) {
                aggregate.add(4.0 * perWorker / seconds);
            }
        }
        return aggregate;
    }

    /** Waits until the spare child JVM is connected: a connection from a process none of {@code known}. */
    private static void awaitSpare(Manager manager, java.util.Set<Long> known) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (manager.info().connections().stream().allMatch(connection -> known.contains(connection.pid()))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no spare child JVM connected within 60 s");
            }
            Thread.sleep(20);
        }
    }

    /**
     * Runs the scenarios.
     *
     * @param args the results directory, then {@code --quick} for a short run
     * @throws Exception if a scenario fails
     */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "benchmarks/results");
        boolean quick = Arrays.asList(args).contains("--quick");
        int runs = quick ? 2 : 5;
        int entries = quick ? 100_000 : 1_000_000;
        Map<String, Map<String, Object>> results = new LinkedHashMap<>();
        for (Transport transport : Transport.values()) {
            String suffix = "." + transport.name().toLowerCase();
            List<Double> starts = new ArrayList<>();
            for (int run = 0; run <= runs; run++) {
                long begin = System.nanoTime();
                try (Manager manager = SharedMapBenchmark.startManager(transport)) {
                    manager.map().put(1, 1);
                    if (run > 0) {
                        starts.add((System.nanoTime() - begin) / 1e9);
                    }
                }
            }
            results.put("start_to_first_call" + suffix, stats(starts, "s"));
            if (transport == Transport.UNIX) {
                try (Manager manager = SharedMapBenchmark.startManager(transport)) {
                    children(manager, quick ? 2 : 5, results);
                }
            }
            int perWorker = quick ? 5_000 : 20_000;
            try (Manager manager = SharedMapBenchmark.startManager(transport)) {
                results.put("map.put.4processes" + suffix, stats(fourProcesses(manager, runs, perWorker), "ops/s"));
            }
            // the same with children that compile with C1 only (ManagerBuilder.processJvmArgs): fresh JVMs that make
            // many calls spend less of the 2 vCPUs compiling
            try (Manager manager = SharedMapBenchmark.builder(transport).processJvmArgs("-XX:TieredStopAtLevel=1").start()) {
                results.put("map.put.4processes.quick_children" + suffix, stats(fourProcesses(manager, runs, perWorker), "ops/s"));
            }
            try (Manager manager = SharedMapBenchmark.startManager(transport)) {
                Map<Integer, Integer> bulk = new HashMap<>(entries * 2);
                for (int i = 0; i < entries; i++) {
                    bulk.put(i, i);
                }
                int bulkRuns = quick ? 2 : 3;
                List<Double> oneAtATime = new ArrayList<>();
                List<Double> putAll = new ArrayList<>();
                for (int run = 0; run <= bulkRuns; run++) {
                    SharedMap<Integer, Integer> map = manager.map();
                    int count = run == 0 ? entries / 10 : entries;   // run 0 warms up, on a tenth of the entries
                    long begin = System.nanoTime();
                    for (int i = 0; i < count; i++) {
                        map.put(i, i);
                    }
                    double oneByOne = (System.nanoTime() - begin) / 1e9;
                    manager.destroy(map);
                    SharedMap<Integer, Integer> all = manager.map();
                    begin = System.nanoTime();
                    all.putAll(bulk);
                    double whole = (System.nanoTime() - begin) / 1e9;
                    if (run > 0) {
                        oneAtATime.add(oneByOne);
                        putAll.add(whole);
                        manager.destroy(all);
                    }
                }
                results.put("bulk.one_at_a_time" + suffix, withCount(stats(oneAtATime, "s"), entries));
                results.put("bulk.putAll" + suffix, withCount(stats(putAll, "s"), entries));
            }
            try (Manager fresh = SharedMapBenchmark.startManager(transport)) {
                // a fresh server holding the entries, put one at a time as Python's figure is
                SharedMap<Integer, Integer> held = fresh.map();
                for (int i = 0; i < entries; i++) {
                    held.put(i, i);
                }
                System.gc();
                results.put("server.rss_after_bulk" + suffix, single(rssMiB(fresh.info().server().pid()), "MiB", entries));
            }
            System.out.println("scenarios done on " + transport);
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("scenarios.json"), toJson(Map.of("quick", quick, "results", results)));
        System.out.println("wrote " + dir.resolve("scenarios.json"));
    }

    /** The median ({@code value}), unit and spread of a metric's runs, as a result file records them. */
    static Map<String, Object> stats(List<Double> values, String unit) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("value", sorted.get(sorted.size() / 2));
        stats.put("unit", unit);
        stats.put("min", sorted.get(0));
        stats.put("max", sorted.get(sorted.size() - 1));
        return stats;
    }

    /** Adds the item count the runs used (the report compares only equal counts). */
    static Map<String, Object> withCount(Map<String, Object> stats, int count) {
        stats.put("count", count);
        return stats;
    }

    private static Map<String, Object> single(double value, String unit, int count) {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("value", value);
        stats.put("unit", unit);
        stats.put("count", count);
        return stats;
    }

    private static double rssMiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }

    /** The pretty-printed JSON of a result file. */
    static String toJson(Object value) {
        return tools.jackson.databind.json.JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(value);
    }
}
