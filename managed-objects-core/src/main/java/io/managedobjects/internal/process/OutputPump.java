package io.managedobjects.internal.process;

import io.managedobjects.ProcessOutput;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;

/**
 * Copies a child's output into this process's {@code System.out} or {@code System.err} as it comes, or
 * hands it line by line to a {@link ProcessOutput}.
 */
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

    /**
     * Pumps a child's output: to a stream as it comes without an output, else line by line to it.
     *
     * @param from the child's stdout or stderr
     * @param output where lines go, or null to copy to {@code to}
     * @param to the stream copied to without an output
     * @param process the process's name for the output
     * @param pid its id
     * @param error whether {@code from} is its stderr
     * @return the pump's thread
     */
    static Thread start(InputStream from, @Nullable ProcessOutput output, PrintStream to, String process, long pid, boolean error) {
        String name = "managed-objects-" + (process.equals("server") ? "server" : "child") + (error ? "-err-" : "-out-") + pid;
        if (output == null) {
            return start(from, to, name);
        }
        Thread thread = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(from, StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    tell(output, process, pid, error, line);
                }
            } catch (IOException e) {
                // the child is gone
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Hands one line to an output, which must never stop the pump. */
    static void tell(ProcessOutput output, String process, long pid, boolean error, String line) {
        try {
            output.line(process, pid, error, line);
        } catch (RuntimeException e) {
            // an output that fails loses its line, not the pump
        }
    }
}
