package io.managedobjects.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds the comparison table of a benchmark run: {@code java -cp benchmarks/target/benchmarks.jar
 * io.managedobjects.benchmarks.Report benchmarks/results}.
 *
 * <p>Reads, from the results directory, whichever of these exist: {@code jmh.json} (JMH's JSON
 * output; Throughput scores in any {@code ops/<unit>} are converted to ops/s, SampleTime percentiles
 * to µs), {@code scenarios.json} (the Java scenario runner: {@code results} keyed
 * {@code <metric-id>.<transport>}), {@code pool.json} ({@link PoolThroughput}, read the same way; its keys
 * have no transport suffix, so they count as unix), {@code python.json} and {@code python-pool.json} (written by
 * {@code benchmarks/python/manager_bench.py} and {@code pool_bench.py}: {@code results} keyed
 * {@code <metric-id>}). It writes
 * {@code summary.md}, one row per metric and transport, and prints it. For every row it shows the raw
 * ping-pong floor on the same transport ({@link RawPingPongBenchmark}) and Python's
 * {@code multiprocessing.Manager}, each with a ratio that is above 1 when we are better. A missing
 * file or metric shows as "—".
 */
public final class Report {

    private static final String NONE = "—";
    private static final List<String> TRANSPORTS = List.of("unix", "tcp");

    /** JMH benchmark (class.method) to metric id. */
    private static final Map<String, String> JMH_METRICS = Map.ofEntries(
            Map.entry("SharedMapBenchmark.put", "map.put"),
            Map.entry("SharedMapBenchmark.get", "map.get"),
            Map.entry("SharedMapBenchmark.put8Threads", "map.put.8threads"),
            Map.entry("OperationsBenchmark.listAdd", "list.add"),
            Map.entry("OperationsBenchmark.lockPair", "lock.pair"),
            Map.entry("OperationsBenchmark.queuePair", "queue.pair"),
            Map.entry("OperationsBenchmark.increment", "counter.increment"),
            Map.entry("OperationsBenchmark.customCall", "custom.call"),
            Map.entry("OperationsBenchmark.createRelease", "proxy.create_release"),
            Map.entry("OperationsBenchmark.pipelinedPut", "map.put.pipelined"));

    /** The rows always shown, in this order; other metrics found in the files follow. */
    private static final List<String> ORDER = List.of("map.put", "map.get", "map.put.8threads", "map.put.4processes",
            "map.put.4processes.quick_children",
            "map.put.pipelined", "list.add", "lock.pair", "queue.pair", "counter.increment", "custom.call",
            "proxy.create_release", "start_to_first_call", "child.cold_start_to_first_call", "child.start_to_first_call", "children.50.append", "bulk.one_at_a_time", "bulk.putAll",
            "server.rss_after_bulk", "pool.map", "pool.map.chunksize1", "pool.apply");

    /** Our metrics measured against a Python metric of another name: the same scenario under another setting of ours. */
    private static final Map<String, String> PYTHON_COUNTERPART = Map.of("map.put.4processes.quick_children", "map.put.4processes");

    /** Single-thread call metrics, compared with {@code pingPong}; {@code *.8threads} use {@code pingPong8Threads}. */
    private static final Set<String> ONE_THREAD_CALLS = Set.of("map.put", "map.get", "map.put.pipelined", "list.add",
            "lock.pair", "queue.pair", "counter.increment", "custom.call", "proxy.create_release");

    /** Seconds per JMH time unit. */
    private static final Map<String, Double> SECONDS = Map.of("ns", 1e-9, "us", 1e-6, "µs", 1e-6, "ms", 1e-3, "s", 1.0, "min", 60.0);

    /** One metric on one transport; any part may be unknown. */
    private static final class Measure {
        @Nullable Double value;
        @Nullable String unit;
        @Nullable Double p50;
        @Nullable Double p99;
        @Nullable Double count;

        /** Sets the parts still unknown (so the first source to give a part wins). */
        void fill(@Nullable Double v, @Nullable String u, @Nullable Double p50us, @Nullable Double p99us, @Nullable Double n) {
            if (value == null && v != null) {
                value = v;
                unit = u;
            }
            p50 = p50 != null ? p50 : p50us;
            p99 = p99 != null ? p99 : p99us;
            count = count != null ? count : n;
        }
    }

    private final Map<String, Measure> ours = new HashMap<>();
    private final Map<String, Measure> python = new HashMap<>();
    private final Map<String, Double> floors = new HashMap<>();
    private final StringBuilder sources = new StringBuilder();

    private Report() {
    }

    /**
     * Writes {@code summary.md} into the results directory and prints it.
     *
     * @param args the results directory (default {@code benchmarks/results})
     * @throws IOException if {@code summary.md} cannot be written
     */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "benchmarks/results");
        Report report = new Report();
        report.readJmh(report.read(dir.resolve("jmh.json")));
        readResults(report.read(dir.resolve("scenarios.json")), report.ours, true);
        readResults(report.read(dir.resolve("python.json")), report.python, false);
        readResults(report.read(dir.resolve("pool.json")), report.ours, true);
        readResults(report.read(dir.resolve("python-pool.json")), report.python, false);
        String markdown = report.render();
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("summary.md"), markdown);
        System.out.writeBytes(markdown.getBytes(StandardCharsets.UTF_8)); // UTF-8 whatever the JVM's default charset
        System.out.flush();
    }

    private @Nullable JsonNode read(Path file) {
        String name = String.valueOf(file.getFileName());
        if (!Files.isRegularFile(file)) {
            sources.append("- `").append(name).append("`: missing\n");
            return null;
        }
        try {
            JsonNode root = JsonMapper.shared().readTree(file);
            sources.append("- `").append(name).append("`: read");
            sources.append(root.path("python").isString() ? ", Python " + root.path("python").stringValue() : "");
            boolean quick = root.path("quick").isBoolean() && root.path("quick").booleanValue();
            sources.append(quick ? ", **a --quick run (reduced counts)**\n" : "\n");
            return root;
        } catch (RuntimeException e) {
            sources.append("- `").append(name).append("`: unreadable (").append(e.getMessage()).append(")\n");
            System.err.println("Cannot read " + file + ": " + e);
            return null;
        }
    }

    private void readJmh(@Nullable JsonNode root) {
        if (root == null || !root.isArray()) {
            return;
        }
        for (JsonNode run : root) {
            String[] parts = text(run.path("benchmark"), "").split("\\.");
            if (parts.length < 2) {
                continue;
            }
            String method = parts[parts.length - 1];
            String benchmark = parts[parts.length - 2] + "." + method;
            String transport = text(run.path("params").path("transport"), "unix");
            String mode = text(run.path("mode"), "");
            JsonNode metric = run.path("primaryMetric");
            String unit = text(metric.path("scoreUnit"), "");
            if (benchmark.startsWith("RawPingPongBenchmark.")) {
                @Nullable Double floor = mode.equals("thrpt") ? opsPerSecond(number(metric.path("score")), unit) : null;
                if (floor != null) {
                    floors.put(method + "|" + transport, floor);
                }
                continue;
            }
            String id = JMH_METRICS.getOrDefault(benchmark, benchmark); // an unmapped benchmark keeps its own name
            Measure m = ours.computeIfAbsent(id + "|" + transport, k -> new Measure());
            if (mode.equals("thrpt")) {
                m.fill(opsPerSecond(number(metric.path("score")), unit), "ops/s", null, null, null);
            } else if (mode.equals("sample")) {
                JsonNode percentiles = metric.path("scorePercentiles");
                m.fill(null, null, micros(number(percentiles.path("50.0")), unit),
                        micros(number(percentiles.path("99.0")), unit), null);
            }
        }
    }

    private static void readResults(@Nullable JsonNode root, Map<String, Measure> into, boolean keyedByTransport) {
        if (root == null) {
            return;
        }
        for (Map.Entry<String, JsonNode> e : root.path("results").properties()) {
            String key = e.getKey();
            int dot = key.lastIndexOf('.');
            if (keyedByTransport) { // "<metric-id>.<transport>"; without a known transport suffix, unix
                key = dot > 0 && TRANSPORTS.contains(key.substring(dot + 1))
                        ? key.substring(0, dot) + "|" + key.substring(dot + 1) : key + "|unix";
            }
            JsonNode r = e.getValue();
            into.computeIfAbsent(key, k -> new Measure()).fill(number(r.path("value")),
                    r.path("unit").isString() ? r.path("unit").stringValue() : null,
                    number(r.path("p50_us")), number(r.path("p99_us")), number(r.path("count")));
        }
    }

    private String render() {
        Set<String> metrics = new LinkedHashSet<>(ORDER);
        ours.keySet().stream().map(k -> k.substring(0, k.indexOf('|'))).sorted().forEach(metrics::add);
        python.keySet().stream().sorted().forEach(metrics::add);
        StringBuilder md = new StringBuilder("# managed-objects benchmark summary\n\nSources:\n").append(sources);
        md.append("\n| Metric | Transport | Ours | p50 µs | p99 µs | Raw ping-pong floor | Ours / floor | Python | Ours vs Python |\n");
        md.append("|---|---|--:|--:|--:|--:|--:|--:|--:|\n");
        for (String metric : metrics) {
            List<String> transports = TRANSPORTS.stream().filter(t -> ours.containsKey(metric + "|" + t)).toList();
            for (String transport : transports.isEmpty() ? List.of("unix") : transports) {
                md.append(row(metric, transport));
            }
        }
        md.append("""

                Legend:
                - **Ours**: JMH Throughput (`SharedMapBenchmark`, `OperationsBenchmark`) or the scenario runner \
                (`scenarios.json`); p50/p99 from JMH SampleTime or the runner's sampled latencies.
                - **Raw ping-pong floor**: `RawPingPongBenchmark.pingPong` (single-thread calls) or `pingPong8Threads` \
                (8-thread metrics) throughput on the same transport. **Ours / floor** is a throughput ratio; the budget \
                is ≥ 0.8. A pair (`lock.pair`, `queue.pair`) is two round trips, so about 0.5 is its ceiling.
                - **Python**: `multiprocessing.Manager` over a Unix socket (`python.json`), shown on every transport's row. \
                Its `counter.increment` is `value.value += 1`, two round trips and not atomic.
                - **Pool** (`pool.map`, `pool.apply`; `pool.json` against `python-pool.json`): a 2-worker \
                `manager.pool(2)` against Python's `Manager().Pool(2)`, both over a Unix socket. `pool.map` is the \
                tasks/s of one `map` of an empty function over N items (median run), against Python's default chunk size \
                (N / 8 items per task here) and, in `pool.map.chunksize1`, against Python's one item per task (ours has no \
                chunk size: each item is a task with its own outcome, the server sizes what a worker takes at once); \
                `pool.apply` one `apply` round trip.
                - **`map.put.4processes.quick_children`**: the same 4 client processes started with \
                `processJvmArgs("-XX:TieredStopAtLevel=1")` (C1 only), against Python's `map.put.4processes`.
                - **Ours vs Python** is above 1 when we are better, for every unit: ours / Python for ops/s, \
                Python / ours for seconds and MiB. Bulk metrics with different entry counts are not compared.
                """);
        return md.toString();
    }

    private String row(String metric, String transport) {
        @Nullable Measure m = ours.get(metric + "|" + transport);
        @Nullable Measure py = python.get(PYTHON_COUNTERPART.getOrDefault(metric, metric));
        @Nullable Double value = m == null ? null : m.value;
        @Nullable String unit = m == null ? null : m.unit;
        @Nullable String floorName = metric.endsWith(".8threads") ? "pingPong8Threads"
                : ONE_THREAD_CALLS.contains(metric) ? "pingPong" : null;
        @Nullable Double floor = floorName == null ? null : floors.get(floorName + "|" + transport);
        @Nullable Double toFloor = value != null && floor != null && "ops/s".equals(unit) && floor > 0 ? value / floor : null;
        @Nullable Double toPython = null;
        if (m != null && py != null && value != null && py.value != null && unit != null && unit.equals(py.unit)
                && value > 0 && py.value > 0 && (m.count == null || py.count == null || m.count.equals(py.count))) {
            toPython = unit.equals("ops/s") ? value / py.value : py.value / value;
        }
        return "| " + String.join(" | ", "`" + metric + "`", transport, format(value, unit),
                format(m == null ? null : m.p50, "µs"), format(m == null ? null : m.p99, "µs"),
                format(floor, "ops/s"), ratio(toFloor), py == null ? NONE : format(py.value, py.unit),
                ratio(toPython)) + " |\n";
    }

    private static String format(@Nullable Double v, @Nullable String unit) {
        if (v == null || unit == null) {
            return NONE;
        }
        if (unit.equals("ops/s")) {
            return String.format(Locale.ROOT, "%,.0f ops/s", v);
        }
        if (unit.equals("s") && v < 1) {
            return String.format(Locale.ROOT, "%,.2f ms", v * 1000); // 2 decimals of a second would hide a start time
        }
        return String.format(Locale.ROOT, unit.equals("µs") ? "%,.2f" : "%,.2f %s", v, unit);
    }

    private static String ratio(@Nullable Double r) {
        return r == null ? NONE : String.format(Locale.ROOT, "%.2f×", r);
    }

    private static String text(JsonNode node, String otherwise) {
        return node.isString() ? node.stringValue() : otherwise;
    }

    private static @Nullable Double number(JsonNode node) {
        return node.isNumber() ? node.doubleValue() : null;
    }

    /** A JMH throughput score in {@code ops/<time unit>}, as ops/s. */
    private static @Nullable Double opsPerSecond(@Nullable Double score, String unit) {
        @Nullable Double seconds = unit.startsWith("ops/") ? SECONDS.get(unit.substring(4)) : null;
        return score == null || seconds == null ? null : score / seconds;
    }

    /** A JMH sample-time value in {@code <time unit>/op}, as µs. */
    private static @Nullable Double micros(@Nullable Double value, String unit) {
        @Nullable Double seconds = unit.endsWith("/op") ? SECONDS.get(unit.substring(0, unit.length() - 3)) : null;
        return value == null || seconds == null ? null : value * seconds * 1e6;
    }
}
