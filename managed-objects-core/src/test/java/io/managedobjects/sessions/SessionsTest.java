package io.managedobjects.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.managedobjects.Manager;
import io.managedobjects.ManagerConnectionException;
import io.managedobjects.ManagerException;
import io.managedobjects.ManagerServer;
import io.managedobjects.SharedLock;
import io.managedobjects.SharedMap;
import io.managedobjects.internal.wire.FrameChannel;
import io.managedobjects.internal.wire.Handshake;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Sessions are assigned by the server: what a client says about itself never decides what it owns. */
class SessionsTest {

    static final byte[] KEY = "sessions-test-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killProcesses() {
        for (Process process : processes) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    /** Starts a lock probe as pid 1 of a new pid namespace, as in a container. */
    private Process probeAsPidOne(String address, String lock) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder("unshare", "--pid", "--fork", "--kill-child", java, "-cp",
                System.getProperty("java.class.path"), LockProbe.class.getName(), address, lock)
                .redirectErrorStream(true).start();
        processes.add(process);
        OutputStream stdin = process.getOutputStream();
        stdin.write((HexFormat.of().formatHex(KEY) + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
        return process;
    }

    private static boolean canMakePidNamespaces() {
        try {
            Process check = new ProcessBuilder("unshare", "--pid", "--fork", "true").redirectErrorStream(true).start();
            return check.waitFor(30, TimeUnit.SECONDS) && check.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The probe's report lines, up to the one that starts with the prefix. */
    private static String awaitLine(BufferedReader out, String prefix) throws IOException {
        String line;
        StringBuilder seen = new StringBuilder();
        while ((line = out.readLine()) != null) {
            if (line.startsWith(prefix)) {
                return line;
            }
            seen.append(line).append('\n');
        }
        throw new AssertionError("the probe ended without printing '" + prefix + "'; it printed:\n" + seen);
    }

    @Test
    void twoClientsThatAreBothPidOneNeverHoldOneLockTogether() throws Exception {
        Assumptions.assumeTrue(canMakePidNamespaces(), "unshare --pid is not available here: two clients cannot both be pid 1");
        try (ManagerServer server = ManagerServer.builder().authKey(KEY).build().start()) {
            Process first = probeAsPidOne(server.address(), "L");
            BufferedReader firstOut = new BufferedReader(new InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8));
            assertThat(awaitLine(firstOut, "probe pid=")).isEqualTo("probe pid=1 tryLock=true");

            Process second = probeAsPidOne(server.address(), "L");
            BufferedReader secondOut = new BufferedReader(new InputStreamReader(second.getInputStream(), StandardCharsets.UTF_8));
            assertThat(awaitLine(secondOut, "probe pid=")).isEqualTo("probe pid=1 tryLock=false");
            assertThat(awaitLine(secondOut, "probe unlock=")).isEqualTo("probe unlock=refused");

            try (Manager observer = Manager.connect(server.address(), KEY)) {
                assertThat(observer.reentrantLock("L").isLocked()).as("the first probe still holds the lock").isTrue();
            }
            first.getOutputStream().close();
            second.getOutputStream().close();
            assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void afterARestartNamedProxiesReachTheirNameAnonymousOnesFailClearlyAndNoneReachesAnotherObject() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        String address = "tcp://127.0.0.1:" + port;
        ManagerServer first = ManagerServer.builder().address(address).authKey(KEY).build().start();
        Manager client = Manager.connect(address, KEY);
        try {
            SharedMap<String, Integer> accounts = client.map("accounts");
            SharedMap<String, Integer> audit = client.map("audit");
            SharedMap<String, Integer> anonymous = client.map();
            accounts.put("ann", 10);
            SharedLock gate = client.lock("gate");
            assertThat(gate.tryLock()).isTrue();
            first.close();

            try (ManagerServer second = ManagerServer.builder().address(address).authKey(KEY).build().start();
                    Manager other = Manager.connect(address, KEY)) {
                SharedMap<String, Integer> otherAudit = other.map("audit");   // the first object of the new run, as "accounts" was
                otherAudit.put("entry", 1);
                SharedLock otherGate = other.lock("gate");
                otherGate.lock();

                // the call that finds the connection gone may fail; the next ones reach "accounts" on the new server
                awaitCallThrough(() -> accounts.put("bob", 50));
                assertThat(other.<String, Integer>map("accounts")).containsOnlyKeys("bob");
                assertThat(otherAudit).containsOnlyKeys("entry");
                assertThat(audit.keySet()).containsOnly("entry");

                assertThatThrownBy(() -> anonymous.put("x", 1)).isInstanceOf(ManagerException.class)
                        .hasMessageContaining("was restarted").hasMessageContaining("anonymous");
                // the gate this client held went with its session: releasing it now fails, and leaves the other client's hold
                assertThatThrownBy(gate::unlock).isInstanceOf(ManagerException.class)
                        .hasMessageContaining("session with the manager server ended").hasMessageContaining("did nothing");
                assertThat(otherGate.isLocked()).isTrue();
                otherGate.unlock();
                assertThat(gate.tryLock()).isTrue();
                gate.unlock();
            }
        } finally {
            client.close();
            first.close();
        }
    }

    /** Runs a call until it gets through (bounded): only a lost connection may fail it meanwhile. */
    private static void awaitCallThrough(Runnable call) {
        io.managedobjects.Conditions.await("the call to get through", () -> {
            try {
                call.run();
                return true;
            } catch (ManagerConnectionException e) {
                return false;
            }
        });
    }

    /** Takes the plain lock, says so, waits (it is frozen meanwhile), then tries to release it and reports how that went. */
    public static final class HoldThenRelease implements io.managedobjects.ProcessTask {
        @Override
        public void run(Object... args) throws Exception {
            SharedLock gate = (SharedLock) args[0];
            io.managedobjects.SharedEvent holding = (io.managedobjects.SharedEvent) args[1];
            io.managedobjects.SharedEvent resume = (io.managedobjects.SharedEvent) args[2];
            SharedMap<String, String> outcome = (SharedMap<String, String>) args[3];
            gate.lock();
            holding.set();
            try {
                resume.await(Duration.ofSeconds(120));
            } catch (ManagerConnectionException e) {
                // its session ended while it was frozen
            }
            try {
                gate.unlock();
                outcome.put("unlock", "released");
            } catch (ManagerException e) {
                outcome.put("unlock", "refused: " + e.getMessage());
            }
        }
    }

    @Test
    void aClientWhoseSessionExpiredNeverReleasesAHoldAnotherClientTookSince() throws Exception {
        try (ManagerServer server = ManagerServer.builder().authKey(KEY).sessionTimeout(Duration.ofSeconds(2)).build().start();
                Manager manager = Manager.connect(server.address(), KEY)) {
            SharedLock gate = manager.lock("gate");
            io.managedobjects.SharedEvent holding = manager.event();
            io.managedobjects.SharedEvent resume = manager.event();
            SharedMap<String, String> outcome = manager.map("outcome");
            io.managedobjects.ManagedProcess child = manager.process(HoldThenRelease.class, gate, holding, resume, outcome).start();
            try {
                assertThat(holding.await(Duration.ofSeconds(120))).isTrue();
                signal("STOP", child.pid());
                assertThat(gate.tryLock(120, TimeUnit.SECONDS)).as("the frozen child's session ended, and its hold with it").isTrue();
                signal("CONT", child.pid());
                io.managedobjects.Conditions.await("the child to try to release the gate", () -> outcome.containsKey("unlock"));
                assertThat(outcome.get("unlock")).startsWith("refused: ").contains("did nothing");
                assertThat(gate.isLocked()).as("this client's hold survived the other's release").isTrue();
                gate.unlock();
            } finally {
                child.kill();
            }
        }
    }

    @Test
    void aClientOfAnotherProtocolVersionIsToldBothVersions() throws Exception {
        try (ServerSocketChannel fake = ServerSocketChannel.open().bind(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0))) {
            Thread server = new Thread(() -> {
                try (SocketChannel peer = fake.accept()) {
                    ByteBuffer greeting = ByteBuffer.allocate(36).put("MOB1".getBytes(StandardCharsets.US_ASCII));
                    greeting.position(36).flip();
                    peer.write(greeting);
                    peer.read(ByteBuffer.allocate(256));
                } catch (IOException e) {
                    // the client went away
                }
            });
            server.start();
            InetSocketAddress bound = (InetSocketAddress) fake.getLocalAddress();
            assertThatThrownBy(() -> Manager.connect("tcp://127.0.0.1:" + bound.getPort(), KEY))
                    .isInstanceOf(ManagerConnectionException.class)
                    .hasMessageContaining("protocol version 1, this client version " + Handshake.PROTOCOL_VERSION);
            server.join(10_000);
        }
    }

    @Test
    void aConnectionCannotJoinASessionThatNeverExisted() throws Exception {
        try (ManagerServer server = ManagerServer.builder().authKey(KEY).build().start();
                FrameChannel channel = FrameChannel.connect(io.managedobjects.internal.Address.parse(server.address()), 1 << 20,
                        Duration.ofSeconds(5))) {
            byte[] madeUp = Handshake.randomBytes(16);
            assertThatThrownBy(() -> Handshake.client(channel, KEY, 1, 1, madeUp)).isInstanceOf(ManagerConnectionException.class);
            try (Manager manager = Manager.connect(server.address(), KEY)) {
                assertThat(manager.info().connections()).extracting(io.managedobjects.ConnectionInfo::pid)
                        .as("the refused connection is not served").doesNotContain(1L);
            }
        }
    }


    @Test
    void aThousandSilentSocketsNeitherKeepAClientOutNorCountTowardTheConnectionLimit() throws Exception {
        try (ManagerServer server = ManagerServer.builder().address("tcp://127.0.0.1:0").authKey(KEY).maxConnections(4)
                .handshakeTimeout(Duration.ofMinutes(5)).build().start()) {
            java.net.SocketAddress address = io.managedobjects.internal.Address.parse(server.address()).socketAddress();
            List<SocketChannel> silent = new ArrayList<>();
            try {
                for (int i = 0; i < 1_000; i++) {
                    silent.add(SocketChannel.open(address));
                }
                try (Manager manager = Manager.connect(server.address(), KEY)) {
                    SharedMap<String, Integer> map = manager.map("after-the-flood");
                    map.put("in", 1);
                    assertThat(map).containsEntry("in", 1);
                    assertThat(manager.info().connections()).hasSizeLessThanOrEqualTo(4);
                }
            } finally {
                for (SocketChannel socket : silent) {
                    socket.close();
                }
            }
        }
    }

    /** Takes the lock, says so, and waits to be frozen or killed. */
    public static final class HoldLock implements io.managedobjects.ProcessTask {
        @Override
        public void run(Object... args) throws Exception {
            ((SharedLock) args[0]).lock();
            ((io.managedobjects.SharedEvent) args[1]).set();
            new java.util.concurrent.CountDownLatch(1).await();
        }
    }

    private static void signal(String signal, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
        assertThat(kill.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).as("kill -" + signal + " " + pid).isZero();
    }

    /** The state letter of a process in {@code /proc/<pid>/stat} ({@code T}: stopped), or '?' where there is none. */
    private static char processState(long pid) {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2);
        } catch (java.io.IOException e) {
            return '?';
        }
    }

    @Test
    void aFrozenClientsLockIsReleasedOnceItsSessionTimesOut() throws Exception {
        try (ManagerServer server = ManagerServer.builder().authKey(KEY).sessionTimeout(Duration.ofSeconds(2)).build().start();
                Manager manager = Manager.connect(server.address(), KEY)) {
            SharedLock lock = manager.reentrantLock("frozen");
            io.managedobjects.SharedEvent holding = manager.event();
            io.managedobjects.ManagedProcess child = manager.process(HoldLock.class, lock, holding).start();
            try {
                assertThat(holding.await(Duration.ofSeconds(120))).isTrue();
                signal("STOP", child.pid());
                assertThat(lock.tryLock(120, TimeUnit.SECONDS)).as("the frozen child's lock was released").isTrue();
                lock.unlock();
            } finally {
                child.kill();
            }
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 180, unit = TimeUnit.SECONDS)
    void aFrozenServerIsSeenAsALostConnectionInsteadOfAHang() throws Exception {
        try (Manager manager = Manager.builder().sessionTimeout(Duration.ofSeconds(2)).start()) {
            SharedMap<String, Integer> map = manager.map();
            map.put("before", 1);
            long serverPid = manager.info().server().pid();
            signal("STOP", serverPid);
            try {
                // a stop signal takes effect when the process is next scheduled: wait until the kernel shows it stopped
                io.managedobjects.Conditions.await("the server stopped", () -> processState(serverPid) == 'T');
                assertThatThrownBy(() -> map.put("during", 2)).isInstanceOf(ManagerConnectionException.class)
                        .hasMessageContaining("heartbeat");
            } finally {
                signal("CONT", serverPid);
            }
        }
    }
}
