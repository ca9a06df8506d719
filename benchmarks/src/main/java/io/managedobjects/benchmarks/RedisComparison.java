package io.managedobjects.benchmarks;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.managedobjects.Manager;
import io.managedobjects.SharedAtomicLong;
import io.managedobjects.SharedList;
import io.managedobjects.SharedMap;
import io.managedobjects.SharedQueue;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The same operations three ways, in one run: through this library on Redis, through plain Lettuce commands on the
 * same Redis (the floor: one command a call, no codec, no function), and through this library on a forked manager
 * server over a Unix socket. Each operation runs for a few seconds from one thread and from 8 threads sharing one
 * manager (or one Lettuce connection); each figure is the median of the runs after a warm-up. The runner starts its
 * own {@code redis-server} (from the {@code PATH}) on a free loopback port, persistence off, and writes
 * {@code redis.json}; without a {@code redis-server} it writes nothing and says so.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.managedobjects.benchmarks.RedisComparison <results-dir> [--quick]}.
 */
public final class RedisComparison {

    private RedisComparison() {
    }

    /** One operation of a way: called with the thread's number and its call count so far. */
    @FunctionalInterface
    interface Operation {
        void call(int thread, long i) throws Exception;
    }

    /** The operations of one way. */
    interface Way extends AutoCloseable {
        /** @return the operation, or null if this way has none like it */
        @org.jspecify.annotations.Nullable Operation op(String name);

        @Override
        void close();
    }

    static final List<String> OPERATIONS = List.of("map.put", "map.get", "list.add", "counter.increment", "queue.put_take",
            "lock.pair", "hosted.call");

    /** This library, on any backend. */
    static Way library(Manager manager) {
        SharedMap<String, Integer> map = manager.map();
        SharedList<Integer> list = manager.list();
        SharedAtomicLong counter = manager.atomicLong(0);
        SharedQueue<Integer> queue = manager.queue();
        io.managedobjects.SharedLock lock = manager.reentrantLock();
        Tally tally = manager.create(Tally.class);   // hosted by the manager server, or on Redis by this process
        for (int i = 0; i < 1000; i++) {
            map.put("k" + i, i);
        }
        return new Way() {
            @Override
            public Operation op(String name) {
                return switch (name) {
                    case "map.put" -> (t, i) -> map.put("k" + (i % 1000), (int) i);
                    case "map.get" -> (t, i) -> map.get("k" + (i % 1000));
                    case "list.add" -> (t, i) -> {
                        if (i % 10_000 == 0 && t == 0) {
                            list.clear();
                        }
                        list.add((int) i);
                    };
                    case "counter.increment" -> (t, i) -> counter.incrementAndGet();
                    case "queue.put_take" -> (t, i) -> {
                        queue.put((int) i);
                        queue.take();
                    };
                    case "lock.pair" -> (t, i) -> {
                        lock.lock();
                        lock.unlock();
                    };
                    case "hosted.call" -> (t, i) -> tally.add(1);
                    default -> throw new IllegalArgumentException(name);
                };
            }

            @Override
            public void close() {
                manager.close();
            }
        };
    }

    /** Plain Lettuce commands: the same data shapes, one command a call. */
    static Way lettuce(String address) {
        RedisClient client = RedisClient.create(address);
        StatefulRedisConnection<String, String> connection = client.connect();
        RedisCommands<String, String> redis = connection.sync();
        for (int i = 0; i < 1000; i++) {
            redis.hset("floor:map", "k" + i, Integer.toString(i));
        }
        return new Way() {
            @Override
            public Operation op(String name) {
                return switch (name) {
                    case "map.put" -> (t, i) -> redis.hset("floor:map", "k" + (i % 1000), Long.toString(i));
                    case "map.get" -> (t, i) -> redis.hget("floor:map", "k" + (i % 1000));
                    case "list.add" -> (t, i) -> {
                        if (i % 10_000 == 0 && t == 0) {
                            redis.del("floor:list");
                        }
                        redis.rpush("floor:list", Long.toString(i));
                    };
                    case "counter.increment" -> (t, i) -> redis.incr("floor:counter");
                    case "queue.put_take" -> (t, i) -> {
                        redis.rpush("floor:queue", Long.toString(i));
                        redis.lpop("floor:queue");
                    };
                    case "lock.pair" -> (t, i) -> {   // a spin lock: SET NX, then DEL; what any Redis lock costs at least
                        String token = t + ":" + i;
                        while (!"OK".equals(redis.set("floor:lock", token, io.lettuce.core.SetArgs.Builder.nx().px(30_000)))) {
                            Thread.onSpinWait();
                        }
                        redis.del("floor:lock");
                    };
                    case "hosted.call" -> null;   // no one-command floor for a call run by another process
                    default -> throw new IllegalArgumentException(name);
                };
            }

            @Override
            public void close() {
                connection.close();
                client.shutdown();
            }
        };
    }

    /** Redisson's objects doing the same: {@code RMap}, {@code RList}, {@code RAtomicLong}, {@code RBlockingQueue}, {@code RLock}. */
    static Way redisson(String address) {
        org.redisson.config.Config config = new org.redisson.config.Config();
        config.useSingleServer().setAddress(address);
        org.redisson.api.RedissonClient client = org.redisson.Redisson.create(config);
        org.redisson.api.RMap<String, Integer> map = client.getMap("redisson:map");
        org.redisson.api.RList<Integer> list = client.getList("redisson:list");
        org.redisson.api.RAtomicLong counter = client.getAtomicLong("redisson:counter");
        org.redisson.api.RBlockingQueue<Integer> queue = client.getBlockingQueue("redisson:queue");
        org.redisson.api.RLock lock = client.getLock("redisson:lock");
        org.redisson.api.RRemoteService remote = client.getRemoteService("redisson:remote");
        remote.register(Tally.class, new Tally.Hosted(), 8);   // served by this process, 8 workers
        Tally tally = remote.get(Tally.class);
        for (int i = 0; i < 1000; i++) {
            map.fastPut("k" + i, i);
        }
        return new Way() {
            @Override
            public Operation op(String name) {
                return switch (name) {
                    case "map.put" -> (t, i) -> map.put("k" + (i % 1000), (int) i);
                    case "map.get" -> (t, i) -> map.get("k" + (i % 1000));
                    case "list.add" -> (t, i) -> {
                        if (i % 10_000 == 0 && t == 0) {
                            list.delete();
                        }
                        list.add((int) i);
                    };
                    case "counter.increment" -> (t, i) -> counter.incrementAndGet();
                    case "queue.put_take" -> (t, i) -> {
                        queue.put((int) i);
                        queue.take();
                    };
                    case "lock.pair" -> (t, i) -> {
                        lock.lock();
                        lock.unlock();
                    };
                    case "hosted.call" -> (t, i) -> tally.add(1);
                    default -> throw new IllegalArgumentException(name);
                };
            }

            @Override
            public void close() {
                client.shutdown();
            }
        };
    }

    /** Calls per second of one operation from {@code threads} threads for {@code seconds}. */
    static double measure(Operation op, int threads, double seconds) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong calls = new AtomicLong();
        CountDownLatch started = new CountDownLatch(threads);
        List<Thread> workers = new ArrayList<>();
        Exception[] failure = new Exception[1];
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread worker = new Thread(() -> {
                started.countDown();
                long i = 0;
                try {
                    while (!stop.get()) {
                        op.call(thread, i++);
                    }
                } catch (Exception e) {
                    failure[0] = e;
                }
                calls.addAndGet(i);
            });
            workers.add(worker);
            worker.start();
        }
        started.await();
        long begin = System.nanoTime();
        Thread.sleep((long) (seconds * 1000));
        stop.set(true);
        for (Thread worker : workers) {
            worker.join();
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        return calls.get() / ((System.nanoTime() - begin) / 1e9);
    }

    /**
     * Runs the comparison.
     *
     * @param args the results directory, then {@code --quick} for a short run
     * @throws Exception if a way fails
     */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "benchmarks/results");
        boolean quick = Arrays.asList(args).contains("--quick");
        Optional<Path> executable = redisServer();
        if (executable.isEmpty()) {
            System.out.println("redis-server is not installed: the Redis comparison is skipped (apt-get install redis-server)");
            return;
        }
        int runs = quick ? 1 : 3;
        double seconds = quick ? 1 : 3;
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path data = Files.createTempDirectory("mo-redis-bench");
        Process redis = new ProcessBuilder(executable.get().toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", data.toString()).redirectErrorStream(true)
                .redirectOutput(data.resolve("redis.log").toFile()).start();
        try {
            awaitPort(port);
            String address = "redis://127.0.0.1:" + port;
            Map<String, Map<String, Object>> results = new LinkedHashMap<>();
            for (String wayName : List.of("redis", "lettuce", "redisson", "socket")) {
                try (Way way = switch (wayName) {
                    case "redis" -> library(Manager.builder().address(address).register(Tally.class, Tally.Hosted.class).connect());
                    case "lettuce" -> lettuce(address);
                    case "redisson" -> redisson(address);
                    default -> library(Manager.builder().register(Tally.class, Tally.Hosted.class).start());
                }) {
                    for (String op : OPERATIONS) {
                        for (int threads : new int[] {1, 8}) {
                            Operation operation = way.op(op);
                            if (operation == null) {
                                continue;
                            }
                            measure(operation, threads, quick ? 0.5 : 1);   // warm-up
                            List<Double> rates = new ArrayList<>();
                            for (int run = 0; run < runs; run++) {
                                rates.add(measure(operation, threads, seconds));
                            }
                            rates.sort(Double::compare);
                            String key = op + (threads == 1 ? "" : ".8threads") + "." + wayName;
                            Map<String, Object> stats = new LinkedHashMap<>();
                            stats.put("value", rates.get(rates.size() / 2));
                            stats.put("unit", "ops/s");
                            stats.put("min", rates.get(0));
                            stats.put("max", rates.get(rates.size() - 1));
                            results.put(key, stats);
                            System.out.printf("%-40s %12.0f ops/s%n", key, rates.get(rates.size() / 2));
                        }
                    }
                }
            }
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("redis.json"), Scenarios.toJson(Map.of("quick", quick, "results", results)));
            Files.writeString(dir.resolve("redis.md"), table(results));
            System.out.println("wrote " + dir.resolve("redis.json") + " and " + dir.resolve("redis.md"));
        } finally {
            redis.destroyForcibly().waitFor();
        }
    }

    /**
     * The results as a markdown table: ours on Redis next to its floor (plain Lettuce), to Redisson's objects and to ours on
     * a manager server.
     */
    static String table(Map<String, Map<String, Object>> results) {
        StringBuilder table = new StringBuilder("| operation | threads | ours on Redis | plain Lettuce (floor) | ours / floor | "
                + "Redisson | ours / Redisson | ours on a manager server (unix) | Redis / server |\n|---|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        for (String op : OPERATIONS) {
            for (String threads : List.of("", ".8threads")) {
                double redis = rate(results, op + threads + ".redis");
                double floor = rate(results, op + threads + ".lettuce");
                double redisson = rate(results, op + threads + ".redisson");
                double server = rate(results, op + threads + ".socket");
                String floorText = Double.isNaN(floor) ? "—" : String.format(java.util.Locale.ROOT, "%,.0f ops/s", floor);
                String floorRatio = Double.isNaN(floor) ? "—" : String.format(java.util.Locale.ROOT, "%.2f×", redis / floor);
                table.append(String.format(java.util.Locale.ROOT,
                        "| `%s` | %s | %,.0f ops/s | %s | %s | %,.0f ops/s | %.2f× | %,.0f ops/s | %.2f× |%n",
                        op, threads.isEmpty() ? "1" : "8", redis, floorText, floorRatio, redisson, redis / redisson, server, redis / server));
            }
        }
        return table.toString();
    }

    private static double rate(Map<String, Map<String, Object>> results, String key) {
        Map<String, Object> stats = results.get(key);
        return stats == null ? Double.NaN : ((Number) stats.get("value")).doubleValue();
    }

    private static Optional<Path> redisServer() {
        for (String path : (System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin").split(File.pathSeparator)) {
            Path candidate = Path.of(path.isEmpty() ? "." : path, "redis-server");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static void awaitPort(int port) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("redis-server did not listen on port " + port + " within 60 s", e);
                }
                Thread.sleep(20);
            }
        }
    }
}
