package io.managedobjects.internal.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;

/** Copies a child's output into this process's {@code System.out} or {@code System.err}. */
final class OutputPump {

    private OutputPump() {
    }

    static Thread start(InputStream from, PrintStream to, String name) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (from) {
                int n;
                while ((n = from.read(buffer)) >= 0) {
                    to.write(buffer, 0, n);
                    to.flush();
                }
            } catch (IOException e) {
                // the child is gone
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
