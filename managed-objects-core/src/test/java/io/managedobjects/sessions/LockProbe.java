package io.managedobjects.sessions;

import io.managedobjects.Manager;
import io.managedobjects.SharedLock;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * A client JVM for session tests: reads the auth key (hex) from its stdin, connects, tries the named
 * reentrant lock from its main thread, prints its pid and the outcome, tries to unlock (reporting the
 * outcome), then waits for its stdin to close and exits.
 */
public final class LockProbe {

    private LockProbe() {
    }

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        byte[] key = HexFormat.of().parseHex(in.readLine().trim());
        try (Manager manager = Manager.connect(args[0], key)) {
            SharedLock lock = manager.reentrantLock(args[1]);
            boolean held = lock.tryLock();
            System.out.println("probe pid=" + ProcessHandle.current().pid() + " tryLock=" + held);
            if (!held) {
                try {
                    lock.unlock();
                    System.out.println("probe unlock=released-another-clients-hold");
                } catch (IllegalMonitorStateException e) {
                    System.out.println("probe unlock=refused");
                }
            }
            System.out.flush();
            while (in.readLine() != null) {
                // wait for the test to close stdin
            }
        }
    }
}
