package io.managedobjects.autoconfigure.integration;

import io.managedobjects.Manager;
import io.managedobjects.SharedMap;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.integration.leader.AbstractCandidate;
import org.springframework.integration.leader.Context;
import org.springframework.integration.leader.event.LeaderEventPublisher;
import org.springframework.integration.support.leader.LockRegistryLeaderInitiator;

/**
 * A leader candidate JVM for {@link LeaderElectionAcrossProcessesTest}. It reads the manager server's auth key
 * (hex, one line) from its stdin, connects to the server at {@code args[0]} and runs a
 * {@link LockRegistryLeaderInitiator} over a {@link SharedLockRegistry} for the role {@value #ROLE}, reporting on
 * stdout, each on a line of its own that starts with {@value #REPORT}:
 * <ul>
 *   <li>{@code STARTED <pid>} once the initiator runs;</li>
 *   <li>{@code DENIED <pid>} the first time it tries for the leadership and is refused;</li>
 *   <li>{@code GRANTED <pid> killing=<pid>} when it is granted the leadership, with the pid the test has put
 *       under {@value #KILLING} in the shared map {@value #FLAGS} before it killed a leader, or {@code none};</li>
 *   <li>{@code REVOKED <pid>} when its leadership is revoked.</li>
 * </ul>
 * It runs until its stdin closes (the test ended, or its JVM died), then stops the initiator and exits.
 */
public final class LeaderCandidateMain {

    /** The start of every report line. */
    static final String REPORT = "candidate ";
    /** The role the candidates compete for: the key of the registry's lock. */
    static final String ROLE = "leader";
    /** The shared map the test writes to before it kills a leader. */
    static final String FLAGS = "leader-election-test";
    /** The key, in {@link #FLAGS}, of the pid of the leader the test is about to kill. */
    static final String KILLING = "killing";

    private static final long HEART_BEAT_MILLIS = 200;
    private static final long BUSY_WAIT_MILLIS = 100;

    private LeaderCandidateMain() {
    }

    /**
     * Runs a candidate until stdin closes, then exits with status 0; a failure is printed on stdout and exits with 1.
     *
     * @param args the address of the manager server
     */
    public static void main(String[] args) {
        int status = 0;
        try {
            run(args[0]);
        } catch (Exception | Error e) {
            e.printStackTrace(System.out);
            status = 1;
        }
        // the initiator's executor threads are not daemons
        System.exit(status);
    }

    private static void run(String address) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String hexKey = in.readLine();
        if (hexKey == null) {
            throw new IllegalStateException("No auth key on stdin: the test writes it there, in hex, on the first line");
        }
        byte[] key = HexFormat.of().parseHex(hexKey.trim());
        long pid = ProcessHandle.current().pid();
        try (Manager manager = Manager.connect(address, key)) {
            SharedMap<String, Long> flags = manager.map(FLAGS);
            LockRegistryLeaderInitiator initiator = new LockRegistryLeaderInitiator(new SharedLockRegistry(manager),
                    new ReportingCandidate(pid, flags));
            initiator.setHeartBeatMillis(HEART_BEAT_MILLIS);
            initiator.setBusyWaitMillis(BUSY_WAIT_MILLIS);
            initiator.setPublishFailedEvents(true);
            initiator.setLeaderEventPublisher(new DenialReporter(pid));
            initiator.start();
            report("STARTED " + pid);
            try {
                while (in.readLine() != null) {
                    // runs until the test closes stdin
                }
            } finally {
                initiator.stop();
            }
        }
    }

    private static void report(String event) {
        System.out.println(REPORT + event);
        System.out.flush();
    }

    /** Reports grants, with what the test flagged before killing a leader, and revocations. */
    private static final class ReportingCandidate extends AbstractCandidate {

        private final long pid;
        private final SharedMap<String, Long> flags;

        ReportingCandidate(long pid, SharedMap<String, Long> flags) {
            super("candidate-" + pid, ROLE);
            this.pid = pid;
            this.flags = flags;
        }

        @Override
        public void onGranted(Context context) {
            String killing;
            try {
                Long flagged = flags.get(KILLING);
                killing = flagged == null ? "none" : flagged.toString();
            } catch (RuntimeException e) {
                killing = "unreadable(" + e + ")";
            }
            report("GRANTED " + pid + " killing=" + killing);
        }

        @Override
        public void onRevoked(Context context) {
            report("REVOKED " + pid);
        }
    }

    /** Reports the first refusal of the leadership; the initiator's other events are reported by the candidate. */
    private static final class DenialReporter implements LeaderEventPublisher {

        private final long pid;
        private final AtomicBoolean denied = new AtomicBoolean();

        DenialReporter(long pid) {
            this.pid = pid;
        }

        @Override
        public void publishOnGranted(Object source, Context context, String role) {
            // reported by the candidate
        }

        @Override
        public void publishOnRevoked(Object source, Context context, String role) {
            // reported by the candidate
        }

        @Override
        public void publishOnFailedToAcquire(Object source, Context context, String role) {
            if (denied.compareAndSet(false, true)) {
                report("DENIED " + pid);
            }
        }
    }
}
