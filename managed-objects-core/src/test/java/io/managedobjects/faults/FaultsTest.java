package io.managedobjects.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.managedobjects.ManagedProcess;
import io.managedobjects.Manager;
import io.managedobjects.ManagerConnectionException;
import io.managedobjects.ManagerServer;
import io.managedobjects.ProcessTask;
import io.managedobjects.SharedEvent;
import io.managedobjects.SharedMap;
import io.managedobjects.SharedQueue;
import io.managedobjects.SharedRef;
import io.managedobjects.internal.Address;
import io.managedobjects.internal.codec.RefResolver;
import io.managedobjects.internal.codec.TypePolicy;
import io.managedobjects.internal.codec.WireCodec;
import io.managedobjects.internal.wire.FrameChannel;
import io.managedobjects.internal.wire.Handshake;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Processes that die at the worst moment, and peers that misbehave. */
class FaultsTest {

    final List<ManagedProcess> children = new ArrayList<>();
    final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void cleanUp() {
        children.forEach(ManagedProcess::kill);
        threads.shutdownNow();
    }

    /** Announces itself, then sends one huge putAll, and is killed while sending it. */
    public static class HugeBulkCall implements ProcessTask {
        @Override
        @SuppressWarnings("unchecked")
        public void run(Object... args) {
            SharedMap<Integer, Integer> map = (SharedMap<Integer, Integer>) args[0];
            Map<Integer, Integer> bulk = new HashMap<>();
            for (int i = 0; i < 2_000_000; i++) {
                bulk.put(i, i);
            }
            ((SharedEvent) args[1]).set();
            while (true) {
                map.putAll(bulk);
                map.clear();
            }
        }
    }

    @Test
    void aClientKilledHalfWayThroughABulkCallLeavesAllOrNothing() throws Exception {
        try (Manager manager = Manager.start()) {
            SharedMap<Integer, Integer> map = manager.map();
            SharedEvent ready = manager.event();
            ManagedProcess child = manager.process(HugeBulkCall.class, map, ready).start();
            children.add(child);
            assertThat(ready.await(Duration.ofSeconds(120))).isTrue();
            child.kill();
            assertThat(child.join(Duration.ofSeconds(30))).isTrue();
            assertThat(map.size()).isIn(0, 2_000_000);
            map.put(-1, -1);
            assertThat(map.get(-1)).isEqualTo(-1);
        }
    }

    @Test
    void killingTheServerUnderLoadFailsEveryClientFastAndLeavesNoThreadBlocked() throws Exception {
        Manager manager = Manager.start();
        try {
            SharedMap<String, Integer> map = manager.map();
            SharedQueue<String> queue = manager.queue();
            List<Future<Throwable>> clients = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                int id = i;
                clients.add(threads.submit(() -> {
                    try {
                        if (id == 0) {
                            queue.take();
                        }
                        for (int n = 0; ; n++) {
                            map.put("k" + id, n);
                        }
                    } catch (Throwable t) {
                        return t;
                    }
                }));
            }
            io.managedobjects.Conditions.await("load running", () -> map.size() == 5);
            ProcessHandle server = ProcessHandle.of(manager.info().server().pid()).orElseThrow();
            server.destroyForcibly();
            server.onExit().get(30, TimeUnit.SECONDS);
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                for (Future<Throwable> client : clients) {
                    assertThat(client.get()).isInstanceOf(ManagerConnectionException.class);
                }
            });
        } finally {
            manager.close();
        }
    }

    @Test
    void aPeerThatNeverReadsItsRepliesIsHeldBackWhileOthersAreServed() throws Exception {
        byte[] key = "slow-reader-test-key".getBytes(StandardCharsets.UTF_8);
        try (ManagerServer server = ManagerServer.builder().authKey(key).build().start();
                Manager client = Manager.connect(server.address(), key)) {
            SharedMap<String, String> big = client.map("big");
            big.put("blob", "x".repeat(200_000));
            RefResolver none = new RefResolver() {
                @Override
                public @Nullable SharedRef toRef(Object value) {
                    return null;
                }

                @Override
                public Object fromRef(SharedRef ref) {
                    return ref;
                }
            };
            WireCodec codec = new WireCodec(new TypePolicy(List.of(), getClass().getClassLoader()));
            try (FrameChannel slow = FrameChannel.connect(Address.parse(server.address()), 1 << 20, Duration.ofSeconds(5))) {
                Handshake.client(slow, key, ProcessHandle.current().pid(), 1L, Handshake.NEW_SESSION);
                byte[] request = codec.encodeRequest(1, big.sharedId(), "snapshot", new Object[0], none);
                ByteBuffer frames = ByteBuffer.allocate(1000 * (4 + request.length));
                while (frames.hasRemaining()) {
                    frames.putInt(request.length).put(request);
                }
                frames.flip();
                slow.channel().configureBlocking(false);
                long written = 0;
                int stalls = 0;
                // keep asking for 200 KB replies without reading them: the server must stop reading this peer
                try (java.nio.channels.Selector selector = java.nio.channels.Selector.open()) {
                    slow.channel().register(selector, java.nio.channels.SelectionKey.OP_WRITE);
                    while (stalls < 200 && written < 512L * 1024 * 1024) {
                        if (!frames.hasRemaining()) {
                            frames.rewind();
                        }
                        int n = slow.channel().write(frames);
                        if (n == 0) {
                            stalls++;
                            selector.select(5); // wait for the socket to become writable again, if it ever does
                            selector.selectedKeys().clear();
                        } else {
                            written += n;
                            stalls = 0;
                        }
                    }
                }
                assertThat(stalls).as("the server kept reading requests whose replies were never read (" + written + " bytes)")
                        .isEqualTo(200);
                assertThat(written).isLessThan(64L * 1024 * 1024);
                big.put("other", "served meanwhile");
                assertThat(client.<String, String>map("big").get("other")).isEqualTo("served meanwhile");
            }
        }
    }
}
