package io.managedobjects.internal.process;

import io.managedobjects.ProcessOutput;

import io.managedobjects.ManagerException;
import io.managedobjects.internal.ManagerSettings;
import io.managedobjects.internal.wire.Handshake;
import java.io.BufferedReader;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A manager server JVM forked by this process: started with this classpath, handed its settings and key
 * through its stdin, and stopped (or, failing that, killed) on {@link #stop()}. It exits by itself when
 * this process dies, because its stdin reaches end of file.
 */
public final class ForkedServer {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final OutputStream stdin;
    private final String address;
    private final byte[] authKey;
    private final @Nullable Path privateDir;
    private final JavaLauncher.Launch launch;



    private ForkedServer(Process process, OutputStream stdin, String address, byte[] authKey, @Nullable Path privateDir,
            JavaLauncher.Launch launch) {
        this.launch = launch;
        this.process = process;
        this.stdin = stdin;
        this.address = address;
        this.authKey = authKey;
        this.privateDir = privateDir;
    }

    /**
     * Forks a server and waits until it accepts connections.
     *
     * @param settings address (null: a Unix socket in a fresh 0700 directory), key (null: 32 random bytes)
     * @param jvmArgs extra JVM options
     * @param startTimeout how long to wait for readiness
     * @param output where the server's output goes line by line, or null to copy it to this process's
     * @return the running server
     * @throws ManagerException if it fails to start in time
     */
    public static ForkedServer start(ManagerSettings settings, List<String> jvmArgs, Duration startTimeout,
            @Nullable ProcessOutput output) {
        Path dir = null;
        String address = settings.address();
        try {
            if (address == null) {
                dir = privateDirectory();
                address = "unix:" + dir.resolve("s");
            }
        } catch (IOException e) {
            throw new ManagerException("Cannot create a private directory for the server's socket: " + e.getMessage(), e);
        }
        byte[] key = settings.authKey() != null ? settings.authKey() : Handshake.randomBytes(32);
        ManagerSettings serverSettings = settings.with(address, key);
        List<String> serverArgs = new java.util.ArrayList<>();
        if (output != null) {
            serverArgs.add(ServerMain.ONE_LINE_RECORDS);
            if (StartupArchive.loadsAgent(jvmArgs)) {
                serverArgs.add(ServerMain.ONE_LINE_RECORDS_AT_START);
            }
        }
        serverArgs.addAll(JvmDefaults.SERVER_HEAP.unlessChosen(jvmArgs));
        serverArgs.addAll(jvmArgs);
        JavaLauncher.Launch launch = JavaLauncher.launch(serverArgs, ServerMain.class.getName(), true);
        try {
            try {
                return start(launch, serverSettings, key, dir, startTimeout, output);
            } catch (ManagerException e) {
                if (!launch.shares() || !launch.exitedOnItsOwn()) {
                    throw e;
                }
                // a JVM that failed with class-data sharing is started once more without it
                launch.failedAtStart();
                return start(JavaLauncher.launch(serverArgs, ServerMain.class.getName(), false), serverSettings, key, dir, startTimeout,
                        output);
            }
        } catch (ManagerException e) {
            deleteQuietly(dir);
            throw e;
        }
    }

    private static ForkedServer start(JavaLauncher.Launch launch, ManagerSettings serverSettings, byte[] key, @Nullable Path dir,
            Duration startTimeout, @Nullable ProcessOutput output) {
        List<String> command = launch.command();
        Process process;
        try {
            process = launch.start(builder -> output == null ? builder.redirectError(ProcessBuilder.Redirect.INHERIT) : builder);
            if (output != null) {
                OutputPump.start(process.getErrorStream(), output, System.err, "server", process.pid(), true);
            }
        } catch (IOException e) {
            throw new ManagerException("Cannot start the manager server JVM (" + command.get(0) + "): " + e.getMessage(), e);
        }
        try {
            DataOutputStream stdin = new DataOutputStream(process.getOutputStream());
            new Bootstrap(serverSettings, null, null).write(stdin);
            String bound = awaitReady(process, startTimeout, output);
            return new ForkedServer(process, stdin, bound, key, dir, launch);
        } catch (IOException | RuntimeException e) {
            launch.noteExit(process);
            process.destroyForcibly();
            if (e instanceof ManagerException me) {
                throw me;
            }
            throw new ManagerException("The manager server JVM failed to start: " + e.getMessage()
                    + " (its error output, if any, is above)", e);
        }
    }

    private static String awaitReady(Process process, Duration timeout, @Nullable ProcessOutput output) {
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (!ready.isDone() && line.startsWith(ServerMain.READY)) {
                        ready.complete(line.substring(ServerMain.READY.length()).trim());
                    } else if (output != null) {
                        OutputPump.tell(output, "server", process.pid(), false, line);
                    } else {
                        System.out.println(line);
                    }
                }
            } catch (IOException e) {
                // the server is gone
            }
            ready.completeExceptionally(new IOException("the server exited"));
        }, "managed-objects-server-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ManagerException("The manager server did not become ready within " + timeout
                    + ": raise the start timeout (Manager.builder().startTimeout(...), Spring: managed-objects.server.start-timeout)");
        } catch (ExecutionException e) {
            String exit = process.isAlive() ? "closed its output" : "exited with code " + waitExit(process);
            throw new ManagerException("The manager server JVM " + exit + " before it was ready (its error output, if any, is above)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ManagerException("Interrupted while waiting for the manager server to start");
        }
    }

    private static int waitExit(Process process) {
        try {
            process.waitFor(5, TimeUnit.SECONDS);
            return process.isAlive() ? -1 : process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static Path privateDirectory() throws IOException {
        String tmp = System.getProperty("java.io.tmpdir", "/tmp");
        Path base = tmp.length() > 60 ? Path.of("/tmp") : Path.of(tmp);
        try {
            return Files.createTempDirectory(base, "mo-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
            return Files.createTempDirectory(base, "mo-");
        }
    }

    private static void deleteQuietly(@Nullable Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(files.toList());
            all.sort(Comparator.reverseOrder());
            for (Path path : all) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // a leftover empty temp directory is harmless
        }
    }

    /** @return the address the server is bound to */
    public String address() {
        return address;
    }

    /** @return the auth key (never log it) */
    public byte[] authKey() {
        return authKey.clone();
    }

    /** @return the server's pid */
    public long pid() {
        return process.pid();
    }

    /** @return the server process */
    public Process process() {
        return process;
    }

    /**
     * Stops the server: closes its stdin (it exits on end of file), waits a bounded time, then kills it.
     * The process is gone when this returns.
     */
    public void stop() {
        try {
            stdin.close();
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        launch.awaitAfterExit(STOP_TIMEOUT);
        deleteQuietly(privateDir);
    }
}
