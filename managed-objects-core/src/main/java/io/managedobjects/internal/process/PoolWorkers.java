package io.managedobjects.internal.process;

import io.managedobjects.internal.ManagerSettings;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Starts the worker JVMs of a pool, for the manager server that owns them. */
public final class PoolWorkers {

    private PoolWorkers() {
    }

    /**
     * Starts a worker: this JVM's classpath and options, its output into this process's, and its stdin kept
     * open by the returned process (the worker halts when it reaches end of file: this process is gone).
     *
     * @param settings how the worker connects back (address, key, allow-list)
     * @param pool the pool's reference, as text
     * @param token the worker's token, which it shows the pool when it asks for work
     * @return the worker's process
     * @throws IOException if the JVM cannot be started
     */
    public static Process start(ManagerSettings settings, String pool, String token) throws IOException {
        JavaLauncher.Launch launch = JavaLauncher.launch(JavaLauncher.inheritedJvmArgs(), PoolWorkerMain.class.getName(), true);
        List<String> command = launch.command();
        Process process = launch.start(builder -> builder.redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT));
        try {
            new Bootstrap(settings, pool, token.getBytes(StandardCharsets.UTF_8)).write(new DataOutputStream(process.getOutputStream()));
        } catch (IOException e) {
            process.destroyForcibly();
            throw new IOException("the worker JVM died at start (" + command.get(0) + "; its error output, if any, is above)", e);
        }
        return process;
    }
}
