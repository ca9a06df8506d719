package io.managedobjects.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedobjects.Conditions;
import io.managedobjects.ConnectionInfo;
import io.managedobjects.Manager;
import io.managedobjects.ManagerConnectionException;
import io.managedobjects.ManagerInfo;
import io.managedobjects.ManagerServer;
import io.managedobjects.SharedAtomicLong;
import io.managedobjects.SharedLock;
import io.managedobjects.SharedMap;
import io.managedobjects.SharedQueue;
import io.managedobjects.custom.Slow;
import io.managedobjects.fixtures.NoRefs;
import io.managedobjects.internal.Address;
import io.managedobjects.internal.codec.TypePolicy;
import io.managedobjects.internal.codec.WireCodec;
import io.managedobjects.internal.wire.FrameChannel;
import io.managedobjects.internal.wire.Handshake;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The transport: a manager's threads share a few multiplexed connections, and nothing one caller or one
 * client does (a user method running for minutes, a client that stops reading) holds up anyone else.
 */
class TransportTest {

    private static final byte[] KEY = "transport-test-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    /** Far above anything here takes on a loaded machine: reaching it means something is stalled. */
    private static final long BOUND_SECONDS = 60;

    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        pool.shutdownNow();
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    private <T extends AutoCloseable> T closeLater(T closeable) {
        closeables.add(closeable);
        return closeable;
    }

    /** Encodes the requests of raw clients. */
    private static final WireCodec CODEC = new WireCodec(new TypePolicy(List.of(), TransportTest.class.getClassLoader()));

    /** A raw connection to the server with a tiny receive buffer: a client that reads nothing soon stalls the server's writes. */
    private static FrameChannel slowReader(ManagerServer server) throws java.io.IOException {
        SocketChannel socket = SocketChannel.open(Address.parse(server.address()).family());
        socket.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 4096);
        socket.connect(Address.parse(server.address()).socketAddress());
        return new FrameChannel(socket, 64 << 20);
    }

    /**
     * Waits until the server writes the large reply to the raw client, ahead of anything granted later: the first
     * frame's length arrives. (That the large call was counted is not enough: a grant made while the large reply was
     * still being encoded went out first, and reached the client.)
     */
    private void awaitLargeReplyFirst(FrameChannel raw) throws Exception {
        Future<byte[]> head = pool.submit(() -> raw.readRaw(4));
        assertThat(ByteBuffer.wrap(head.get(BOUND_SECONDS, TimeUnit.SECONDS)).getInt())
                .as("the first reply the raw client gets is the large one").isGreaterThan(32 << 20);
    }

    private static java.util.Set<String> ids(Manager manager) {
        return manager.info().connections().stream().map(ConnectionInfo::id).collect(java.util.stream.Collectors.toSet());
    }

    private static List<ConnectionInfo> connectionsOfThisProcess(Manager manager) {
        long pid = ProcessHandle.current().pid();
        return manager.info().connections().stream().filter(c -> c.pid() == pid).toList();
    }

    @Test
    void manyShortLivedThreadsShareABoundedSetOfConnections() throws Exception {
        Manager manager = closeLater(Manager.builder().connections(3).start());
        SharedAtomicLong counter = manager.atomicLong(0);
        SharedMap<String, Integer> map = manager.map();
        AtomicInteger failures = new AtomicInteger();
        int threads = 200;
        int calls = 50;
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String key = "t" + t;
            Thread thread = new Thread(() -> {
                try {
                    for (int i = 0; i < calls; i++) {
                        counter.incrementAndGet();
                        map.merge(key, 1, Integer::sum);
                    }
                } catch (RuntimeException e) {
                    failures.incrementAndGet();
                }
            });
            thread.start();
            started.add(thread);
            if (started.size() % 20 == 0) {
                // at most 20 threads alive at once, each new one never called before
                for (Thread done : started.subList(started.size() - 20, started.size())) {
                    done.join(TimeUnit.SECONDS.toMillis(BOUND_SECONDS));
                }
            }
        }
        for (Thread thread : started) {
            thread.join(TimeUnit.SECONDS.toMillis(BOUND_SECONDS));
        }
        assertThat(failures).hasValue(0);
        assertThat(counter.get()).isEqualTo((long) threads * calls);
        assertThat(map).hasSize(threads).allSatisfy((k, v) -> assertThat(v).isEqualTo(calls));
        // the whole manager (its calling threads, heartbeats and releases) used at most its 3 connections
        assertThat(connectionsOfThisProcess(manager)).hasSizeBetween(1, 3);
    }

    @Test
    void interruptingOneCallerNeverBreaksTheConnectionOtherThreadsShare() throws Exception {
        Manager manager = closeLater(Manager.builder().connections(1).start());
        SharedQueue<Integer> empty = manager.queue();
        SharedAtomicLong counter = manager.atomicLong(0);
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            workers.add(pool.submit(() -> {
                for (int i = 0; i < 500; i++) {
                    counter.incrementAndGet();
                }
                return null;
            }));
        }
        for (int round = 0; round < 20; round++) {
            Thread taker = new Thread(() -> {
                try {
                    empty.take();
                } catch (InterruptedException expected) {
                    // cancelled on the server
                }
            });
            taker.start();
            Conditions.awaitState(manager, empty, "takers", 1);
            taker.interrupt();
            taker.join(TimeUnit.SECONDS.toMillis(BOUND_SECONDS));
            assertThat(taker.isAlive()).isFalse();
        }
        for (Future<?> worker : workers) {
            worker.get(BOUND_SECONDS, TimeUnit.SECONDS);
        }
        assertThat(counter.get()).isEqualTo(2000);
        assertThat(connectionsOfThisProcess(manager)).hasSize(1);
    }

    @Test
    void infoAndOtherCallsAnswerWhileAUserMethodRunsForMinutes() throws Exception {
        Manager manager = closeLater(Manager.builder().register(Slow.class).connections(1).start());
        Slow slow = manager.create(Slow.class);
        Slow other = manager.create(Slow.class);
        SharedMap<String, Integer> map = manager.map();
        // on the one connection this manager has, from another thread of the same process
        Future<Boolean> holding = pool.submit(() -> slow.hold(TimeUnit.MINUTES.toMillis(10)));
        Conditions.await("the long call to have started", () -> manager.info().objects().stream()
                .anyMatch(o -> o.id().equals(((io.managedobjects.SharedObject) slow).sharedId()) && o.calls() == 1));
        Future<ManagerInfo> info = pool.submit(manager::info);
        assertThat(info.get(BOUND_SECONDS, TimeUnit.SECONDS).objects()).isNotEmpty();
        assertThat(pool.submit(() -> map.put("k", 1)).get(BOUND_SECONDS, TimeUnit.SECONDS)).isNull();
        assertThat(pool.submit(other::ping).get(BOUND_SECONDS, TimeUnit.SECONDS)).isEqualTo("pong");
        assertThat(holding).isNotDone();
        other.release();
        assertThat(holding.get(BOUND_SECONDS, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aClientThatStopsReadingAGrantStallsNoOneElse() throws Exception {
        ManagerServer server = closeLater(ManagerServer.builder().address("tcp://127.0.0.1:0").authKey(KEY)
                .handshakeTimeout(Duration.ofSeconds(2)).sessionTimeout(Duration.ofMinutes(10)).build().start());
        Manager producer = closeLater(Manager.builder().address(server.address()).authKey(KEY).connect());
        Manager other = closeLater(Manager.builder().address(server.address()).authKey(KEY).connect());
        Manager holder = closeLater(Manager.builder().address(server.address()).authKey(KEY).connect());
        SharedQueue<byte[]> queue = producer.queue("big");

        // a raw client takes from the queue, then never reads again (frozen, in a debugger, in a long GC)
        FrameChannel raw = closeLater(slowReader(server));
        Handshake.client(raw, KEY, ProcessHandle.current().pid(), 1L, Handshake.NEW_SESSION);
        raw.write(CODEC.encodeRequest(1, 7, queue.sharedId(), "take", new Object[0], NoRefs.INSTANCE));
        Conditions.awaitState(producer, queue, "takers", 1);

        // another client waits behind it with a timeout
        SharedQueue<byte[]> sameQueue = other.queue("big");
        Future<byte[]> timedPoll = pool.submit(() -> sameQueue.poll(1, TimeUnit.SECONDS));
        Conditions.awaitState(producer, queue, "takers", 2);

        // 32 MiB granted to the client that does not read: the producer goes on at once
        pool.submit(() -> {
            queue.put(new byte[32 << 20]);
            return null;
        }).get(BOUND_SECONDS, TimeUnit.SECONDS);
        // the waiter behind it times out: no timer waits for the queue's lock
        assertThat(timedPoll.get(BOUND_SECONDS, TimeUnit.SECONDS)).isNull();
        // a lock's timed wait elsewhere ends on time
        SharedLock held = holder.lock("L");
        held.lock();
        SharedLock wanted = other.lock("L");
        assertThat(pool.submit(() -> wanted.tryLock(500, TimeUnit.MILLISECONDS)).get(BOUND_SECONDS, TimeUnit.SECONDS)).isFalse();
        // info answers, and still shows the stalled client connected
        ManagerInfo info = pool.submit(other::info).get(BOUND_SECONDS, TimeUnit.SECONDS);
        assertThat(info.connections()).hasSizeGreaterThanOrEqualTo(4);
        // a new peer that never authenticates is still dropped at the handshake deadline
        try (SocketChannel silent = SocketChannel.open(Address.parse(server.address()).socketAddress())) {
            Future<Integer> eof = pool.submit(() -> {
                ByteBuffer buffer = ByteBuffer.allocate(1024);
                int n;
                while ((n = silent.read(buffer)) >= 0) {
                    buffer.clear();
                }
                return n;
            });
            assertThat(eof.get(BOUND_SECONDS, TimeUnit.SECONDS)).isEqualTo(-1);
        }
        held.unlock();
        assertThat(pool.submit(() -> wanted.tryLock(BOUND_SECONDS, TimeUnit.SECONDS)).get(BOUND_SECONDS, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void anItemGrantedToAClientWhoseConnectionFailsBeforeTheReplyIsWrittenGoesBackToTheQueue() throws Exception {
        ManagerServer server = closeLater(ManagerServer.builder().address("tcp://127.0.0.1:0").authKey(KEY)
                .sessionTimeout(Duration.ofMinutes(10)).build().start());
        Manager producer = closeLater(Manager.builder().address(server.address()).authKey(KEY).connect());
        SharedQueue<String> queue = producer.queue("jobs");
        io.managedobjects.SharedValue<byte[]> big = producer.value(new byte[32 << 20]);
        FrameChannel raw = slowReader(server);
        try {
            Handshake.client(raw, KEY, ProcessHandle.current().pid(), 1L, Handshake.NEW_SESSION);
            raw.write(CODEC.encodeRequest(1, 7, queue.sharedId(), "take", new Object[0], NoRefs.INSTANCE));
            Conditions.awaitState(producer, queue, "takers", 1);
            // a large reply the raw client does not read keeps its connection busy writing
            raw.write(CODEC.encodeRequest(2, 8, big.sharedId(), "get", new Object[0], NoRefs.INSTANCE));
            awaitLargeReplyFirst(raw);
            // the item is granted to the raw client's take: its reply waits behind the large one
            queue.put("job-1");
            Conditions.awaitState(producer, queue, "takers", 0);
        } finally {
            raw.close();   // unread data: the connection is reset, and the grant is never written
        }
        assertThat(queue.poll(BOUND_SECONDS, TimeUnit.SECONDS)).as("the item came back").isEqualTo("job-1");
    }

    @Test
    void anItemTakenAtOnceByAClientWhoseConnectionFailsBeforeTheReplyIsWrittenGoesBackToTheQueue() throws Exception {
        ManagerServer server = closeLater(ManagerServer.builder().address("tcp://127.0.0.1:0").authKey(KEY)
                .sessionTimeout(Duration.ofMinutes(10)).build().start());
        Manager producer = closeLater(Manager.builder().address(server.address()).authKey(KEY).connect());
        SharedQueue<byte[]> big = producer.queue("big");
        SharedQueue<String> jobs = producer.queue("jobs");
        jobs.put("job-1");
        FrameChannel raw = slowReader(server);
        try {
            Handshake.client(raw, KEY, ProcessHandle.current().pid(), 1L, Handshake.NEW_SESSION);
            raw.write(CODEC.encodeRequest(1, 7, big.sharedId(), "take", new Object[0], NoRefs.INSTANCE));
            Conditions.awaitState(producer, big, "takers", 1);
            // a 32 MiB grant the raw client does not read keeps its connection writing
            big.put(new byte[32 << 20]);
            // the item the next take gets at once waits behind it
            raw.write(CODEC.encodeRequest(2, 8, jobs.sharedId(), "take", new Object[0], NoRefs.INSTANCE));
            Conditions.await("the item to be taken", () -> jobs.isEmpty());
        } finally {
            raw.close();
        }
        assertThat(jobs.poll(BOUND_SECONDS, TimeUnit.SECONDS)).as("the item came back").isEqualTo("job-1");
        assertThat(big.poll(BOUND_SECONDS, TimeUnit.SECONDS)).as("the large item came back too").hasSize(32 << 20);
    }

    @Test
    void aLockGrantedToAClientWhoseConnectionFailsBeforeTheReplyIsWrittenGoesToTheNextWaiter() throws Exception {
        ManagerServer server = closeLater(ManagerServer.builder().address("tcp://127.0.0.1:0").authKey(KEY)
                .sessionTimeout(Duration.ofMinutes(10)).build().start());
        Manager holder = closeLater(Manager.builder().address(server.address()).authKey(KEY).connect());
        Manager next = closeLater(Manager.builder().address(server.address()).authKey(KEY).connect());
        SharedLock lock = holder.lock("gate");
        lock.lock();
        io.managedobjects.SharedValue<byte[]> big = holder.value(new byte[32 << 20]);
        FrameChannel raw = slowReader(server);
        Future<Boolean> second;
        try {
            byte[] session = Handshake.client(raw, KEY, ProcessHandle.current().pid(), 1L, Handshake.NEW_SESSION);
            // another connection of the same session stays open: the session (and what it holds) outlives the failed one
            FrameChannel keeper = closeLater(FrameChannel.connect(Address.parse(server.address()), 64 << 20, Duration.ofSeconds(10)));
            Handshake.client(keeper, KEY, ProcessHandle.current().pid(), 2L, session);
            raw.write(CODEC.encodeRequest(1, 7, lock.sharedId(), "lock", new Object[0], NoRefs.INSTANCE));
            Conditions.awaitState(holder, lock, "waiters", 1);
            SharedLock sameLock = next.lock("gate");
            second = pool.submit(() -> sameLock.tryLock(BOUND_SECONDS, TimeUnit.SECONDS));
            Conditions.awaitState(holder, lock, "waiters", 2);
            raw.write(CODEC.encodeRequest(2, 8, big.sharedId(), "get", new Object[0], NoRefs.INSTANCE));
            awaitLargeReplyFirst(raw);
            // the lock goes to the raw client, whose reply waits behind the large one
            lock.unlock();
            Conditions.awaitState(holder, lock, "waiters", 1);
        } finally {
            raw.close();
        }
        assertThat(second.get(BOUND_SECONDS, TimeUnit.SECONDS)).as("the next waiter got the lock").isTrue();
    }

    @Test
    void aClientThatStopsReadingLosesItsConnectionAfterTheTimeout() throws Exception {
        ManagerServer server = closeLater(ManagerServer.builder().address("tcp://127.0.0.1:0").authKey(KEY)
                .sessionTimeout(Duration.ofSeconds(2)).build().start());
        Manager producer = closeLater(Manager.builder().address(server.address()).authKey(KEY).connect());
        SharedQueue<byte[]> queue = producer.queue("big");
        java.util.Set<String> before = ids(producer);
        FrameChannel raw = closeLater(slowReader(server));
        Handshake.client(raw, KEY, ProcessHandle.current().pid(), 1L, Handshake.NEW_SESSION);
        java.util.Set<String> stalled = new java.util.HashSet<>();
        Conditions.await("the raw client to be connected", () -> {
            stalled.addAll(ids(producer));
            stalled.removeAll(before);
            return !stalled.isEmpty();
        });
        raw.write(CODEC.encodeRequest(1, 7, queue.sharedId(), "take", new Object[0], NoRefs.INSTANCE));
        Conditions.awaitState(producer, queue, "takers", 1);
        queue.put(new byte[32 << 20]);
        // the server gives up on the connection that does not read, and only on it
        Conditions.await("the stalled connection to be closed", () -> java.util.Collections.disjoint(ids(producer), stalled));
        assertThat(producer.map().put("still", 1)).isNull();
    }

    @Test
    void aRequestAboveTheFrameLimitFailsAloneAndTheSharedConnectionGoesOn() throws Exception {
        Manager manager = closeLater(Manager.builder().connections(1).maxFrameBytes(64 * 1024).start());
        SharedQueue<Integer> queue = manager.queue();
        SharedMap<String, byte[]> map = manager.map();
        Future<Integer> waiting = pool.submit(queue::take);
        Conditions.awaitState(manager, queue, "takers", 1);
        assertThat(org.junit.jupiter.api.Assertions.assertThrows(io.managedobjects.ManagerException.class,
                () -> map.put("big", new byte[100_000]))).hasMessageContaining("nothing was sent").hasMessageContaining("65536 bytes");
        queue.put(7);
        assertThat(waiting.get(BOUND_SECONDS, TimeUnit.SECONDS)).isEqualTo(7);
        assertThat(map).isEmpty();
    }

    @Test
    void callsFailClearlyWhenTheSharedConnectionDrops() throws Exception {
        Manager manager = Manager.builder().connections(1).start();
        SharedQueue<Integer> queue = manager.queue();
        Future<Integer> waiting = pool.submit(queue::take);
        Conditions.awaitState(manager, queue, "takers", 1);
        manager.close();
        assertThat(org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.ExecutionException.class,
                () -> waiting.get(BOUND_SECONDS, TimeUnit.SECONDS)).getCause()).isInstanceOf(ManagerConnectionException.class);
    }
}
