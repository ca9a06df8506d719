package io.managedobjects.autoconfigure.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedobjects.Manager;
import io.managedobjects.ManagerServer;
import io.managedobjects.ObjectInfo;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Leader election across JVMs: two candidate processes ({@link LeaderCandidateMain}) run Spring Integration's
 * {@code LockRegistryLeaderInitiator} over a {@link SharedLockRegistry} on one manager server embedded in this JVM.
 * One leads at a time, and a leader killed with SIGKILL is replaced by the other.
 */
class LeaderElectionAcrossProcessesTest {

    private static final byte[] KEY = "leader-election-test-key-0123456789".getBytes(StandardCharsets.UTF_8);
    private static final String LOCK_NAME = SharedLockRegistry.DEFAULT_PREFIX + LeaderCandidateMain.ROLE;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final List<CandidateProcess> candidates = new ArrayList<>();
    private @Nullable ManagerServer server;
    private @Nullable Manager observer;

    @AfterEach
    void stopEverything() {
        try {
            for (CandidateProcess candidate : candidates) {
                candidate.kill();
            }
        } finally {
            try {
                if (observer != null) {
                    observer.close();
                }
            } finally {
                if (server != null) {
                    server.close();
                }
            }
        }
    }

    @Test
    void onlyOneProcessLeadsAndAKilledLeaderIsReplacedByTheOtherProcess() throws Exception {
        // the session timeout is left at its default: a killed process's connections close, and the server
        // releases its locks then, without waiting for the timeout
        ManagerServer server = ManagerServer.builder().authKey(KEY).build().start();
        this.server = server;
        Manager observer = Manager.connect(server.address(), KEY);
        this.observer = observer;
        CandidateProcess first = startCandidate(server.address());
        CandidateProcess second = startCandidate(server.address());

        await("one candidate to be granted the leadership", () -> first.wasGranted() || second.wasGranted());
        CandidateProcess leader = first.wasGranted() ? first : second;
        CandidateProcess follower = leader == first ? second : first;
        await("the other candidate to try for the leadership and be refused", follower::wasDenied);
        assertThat(lockOwner(server)).as("the server's holder of " + LOCK_NAME).startsWith("pid " + leader.pid() + " ");
        assertThat(follower.grants()).as("grants of the other candidate while the leader lives").isEmpty();

        // flagged before the kill: a grant that does not see the flag happened while the leader was alive
        observer.<String, Long>map(LeaderCandidateMain.FLAGS).put(LeaderCandidateMain.KILLING, leader.pid());
        leader.process.destroyForcibly();
        assertThat(leader.process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the killed leader is gone").isTrue();

        await("the other candidate to take over the leadership", follower::wasGranted);
        assertThat(follower.grants()).as("the other candidate is granted the leadership only after the leader was killed")
                .containsExactly("GRANTED " + follower.pid() + " killing=" + leader.pid());
        assertThat(lockOwner(server)).as("the server's holder of " + LOCK_NAME).startsWith("pid " + follower.pid() + " ");
        leader.awaitEndOfOutput();
        assertThat(leader.grants()).as("grants of the killed leader").containsExactly("GRANTED " + leader.pid() + " killing=none");
    }

    /** Starts a candidate JVM with this JVM's classpath and hands it the auth key on its stdin (never on its command line). */
    private CandidateProcess startCandidate(String address) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LeaderCandidateMain.class.getName(), address)
                .redirectErrorStream(true).start();
        CandidateProcess candidate = new CandidateProcess(process);
        candidates.add(candidate);
        OutputStream stdin = process.getOutputStream();
        stdin.write((HexFormat.of().formatHex(KEY) + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
        // stdin stays open: the candidate runs until it closes
        return candidate;
    }

    /** The holder of the leader lock, as the server describes it ({@code pid <pid> thread <thread>}), or why there is none. */
    private static String lockOwner(ManagerServer server) {
        return server.info().objects().stream().filter(object -> LOCK_NAME.equals(object.name())).findFirst()
                .map(ObjectInfo::state).map(state -> String.valueOf(state.get("owner")))
                .orElse("(no object named " + LOCK_NAME + ")");
    }

    /** Waits, bounded, until the condition holds; the failure shows what every candidate printed. */
    private void await(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Timed out after " + WAIT.toSeconds() + " s waiting for " + what + "\n"
                        + candidates.stream().map(CandidateProcess::describe).collect(Collectors.joining("\n")));
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    /** A candidate JVM and what it printed: its reports, and the tail of everything else (its logs) for failure messages. */
    private static final class CandidateProcess {

        private static final int TAIL_LINES = 40;

        final Process process;
        private final List<String> reports = new CopyOnWriteArrayList<>();
        private final Deque<String> tail = new ArrayDeque<>();
        private final Thread reader;

        CandidateProcess(Process process) {
            this.process = process;
            this.reader = new Thread(this::readOutput, "candidate-" + process.pid() + "-output");
            reader.setDaemon(true);
            reader.start();
        }

        long pid() {
            return process.pid();
        }

        boolean wasGranted() {
            return !grants().isEmpty();
        }

        boolean wasDenied() {
            return reports.stream().anyMatch(report -> report.startsWith("DENIED "));
        }

        List<String> grants() {
            return reports.stream().filter(report -> report.startsWith("GRANTED ")).toList();
        }

        /** Waits, bounded, until all the output of the (ended) process is read. */
        void awaitEndOfOutput() throws InterruptedException {
            reader.join(WAIT.toMillis());
            assertThat(reader.isAlive()).as("the output of candidate %d is still being read", pid()).isFalse();
        }

        void kill() {
            process.destroyForcibly();
            try {
                process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        String describe() {
            synchronized (tail) {
                return "candidate " + pid() + (process.isAlive() ? " (running)" : " (exited " + process.exitValue() + ")")
                        + " reported " + reports + "; its last other lines:\n  " + String.join("\n  ", tail);
            }
        }

        private void readOutput() {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith(LeaderCandidateMain.REPORT)) {
                        reports.add(line.substring(LeaderCandidateMain.REPORT.length()));
                    } else {
                        synchronized (tail) {
                            tail.addLast(line);
                            if (tail.size() > TAIL_LINES) {
                                tail.removeFirst();
                            }
                        }
                    }
                }
            } catch (IOException e) {
                synchronized (tail) {
                    tail.addLast("(output unreadable: " + e + ")");
                }
            }
        }
    }
}
