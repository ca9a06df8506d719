package io.managedobjects.redis;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real {@code redis-server} for tests: the first class that uses it starts one (from the {@code PATH}) on a free
 * loopback port, with persistence off and a private directory; every class starts on an empty one (FLUSHALL); it is
 * killed when the test JVM's tests are done. Where no {@code redis-server} is installed, the tests are skipped with
 * a message saying how to install it, unless {@code MANAGED_OBJECTS_REDIS_REQUIRED} is set (as CI sets it): then
 * they fail.
 */
public final class RedisServer implements BeforeAllCallback {

    /** Set (to anything) where a missing redis-server must fail the tests rather than skip them. */
    static final String REQUIRED = "MANAGED_OBJECTS_REDIS_REQUIRED";

    private static final Object LOCK = new Object();
    private static Running running;

    /** A started server; closing it (when the test JVM exits) kills the process and deletes its directory. */
    static final class Running implements AutoCloseable {
        final Path executable;
        final Process process;
        final int port;
        final Path directory;

        Running(Path executable, Process process, int port, Path directory) {
            this.executable = executable;
            this.process = process;
            this.port = port;
            this.directory = directory;
        }

        @Override
        public void close() {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a leftover temporary directory is harmless
            }
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Optional<Running> server = start();
        if (server.isEmpty()) {
            Assumptions.abort(MISSING);
        }
        command(server.get().port, "FLUSHALL");
    }

    /**
     * For a JUnit 3 style suite (no extensions there): starts the server if it is not running, empties it, and
     * connects a manager to it.
     *
     * @return the manager
     * @throws IllegalStateException if there is no redis-server (such a suite checks {@link #installed()} first)
     */
    static io.managedobjects.Manager connectForVintage() {
        try {
            Running server = start().orElseThrow(() -> new IllegalStateException(MISSING));
            command(server.port, "FLUSHALL");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return io.managedobjects.Manager.builder().address(address()).connect();
    }

    /**
     * Whether the tests on Redis can run here; if not and {@link #REQUIRED} is set, fails.
     *
     * @return true if a redis-server is installed
     * @throws IllegalStateException if none is but one is required
     */
    static boolean installed() {
        if (executable().isPresent()) {
            return true;
        }
        if (System.getenv(REQUIRED) != null) {
            throw new IllegalStateException(MISSING + " (" + REQUIRED + " is set: they must not be skipped here)");
        }
        System.err.println("SKIPPED: " + MISSING);
        return false;
    }

    private static final String MISSING = "redis-server is not installed, so the tests on Redis cannot run: install it "
            + "(Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis), then run them again";

    /**
     * The address of the running server.
     *
     * @return {@code redis://127.0.0.1:port}
     */
    public static String address() {
        synchronized (LOCK) {
            if (running == null) {
                throw new IllegalStateException("no redis-server: annotate the test class with @ExtendWith(RedisServer.class)");
            }
            return "redis://127.0.0.1:" + running.port;
        }
    }

    /**
     * A manager on the running server for a contract test: its session timeout (5 s) bounds how soon what a killed
     * process held is released, short enough to wait on, long enough that a loaded machine's pauses never end a live
     * session.
     *
     * @return the manager
     */
    public static io.managedobjects.Manager manager() {
        return builder().connect();
    }

    /**
     * The builder of {@link #manager()}, for a test that registers classes or sets more.
     *
     * @return a builder with the running server's address and a 5 s session timeout
     */
    public static io.managedobjects.ManagerBuilder builder() {
        return io.managedobjects.Manager.builder().address(address()).sessionTimeout(Duration.ofSeconds(5));
    }

    /**
     * The process of the running server (tests kill and restart it).
     *
     * @return the process
     */
    static Running running() {
        synchronized (LOCK) {
            return running;
        }
    }

    private static Optional<Running> start() throws IOException, InterruptedException {
        synchronized (LOCK) {
            if (running != null && running.process.isAlive()) {
                return Optional.of(running);
            }
            if (!installed()) {
                return Optional.empty();
            }
            Optional<Path> executable = executable();
            int port = freePort();
            Path directory = Files.createTempDirectory("mo-redis-test");
            Process process = new ProcessBuilder(executable.get().toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--dir", directory.toString(), "--daemonize", "no")
                    .redirectErrorStream(true)
                    .redirectOutput(directory.resolve("redis.log").toFile())
                    .start();
            Running started = new Running(executable.get(), process, port, directory);
            // whichever server runs when the test JVM exits (a test may have restarted it) is killed then
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                synchronized (LOCK) {
                    running.close();
                }
            }));
            awaitPing(started);
            running = started;
            return Optional.of(started);
        }
    }

    /**
     * Starts a private server, besides the shared one, for a test that needs other settings (a password, TLS, a Unix
     * socket): the caller closes it, which kills it and deletes its directory.
     *
     * @param directory its directory, made by the caller (its files, e.g. certificates, may be named in the options)
     * @param options more options of {@code redis-server}, e.g. {@code --requirepass secret}
     * @return the running server, listening without TLS on the loopback port {@link Running#port}
     * @throws Exception if it does not answer
     */
    static Running dedicated(Path directory, List<String> options) throws Exception {
        Path executable = executable().orElseThrow(() -> new IllegalStateException(MISSING));
        int port = freePort();
        List<String> command = new java.util.ArrayList<>(List.of(executable.toString(), "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory.toString(), "--daemonize", "no"));
        command.addAll(options);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(directory.resolve("redis.log").toFile()).start();
        Running started = new Running(executable, process, port, directory);
        awaitPing(started);
        return started;
    }

    /**
     * A free loopback port.
     *
     * @return the port
     * @throws IOException if none can be had
     */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * Starts the server again on the same port, empty (as a Redis without persistence comes back).
     *
     * @throws Exception if it does not answer
     */
    static void restart() throws Exception {
        synchronized (LOCK) {
            Running old = running;
            old.process.destroyForcibly().waitFor();
            Process process = new ProcessBuilder(old.executable.toString(), "--port", Integer.toString(old.port),
                    "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", old.directory.toString(), "--daemonize", "no")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(old.directory.resolve("redis.log").toFile()))
                    .start();
            running = new Running(old.executable, process, old.port, old.directory);
            awaitPing(running);
        }
    }

    private static Optional<Path> executable() {
        for (String dir : (System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin" + File.pathSeparator
                + "/usr/local/bin").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static void awaitPing(Running server) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            try {
                String reply = command(server.port, "PING");
                if (reply.startsWith("+PONG") || reply.startsWith("-NOAUTH")) { // a server with a password answers too
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (!server.process.isAlive() || Instant.now().isAfter(deadline)) {
                String log;
                try {
                    log = Files.readString(server.directory.resolve("redis.log"));
                } catch (IOException e) {
                    log = "(no log)";
                }
                server.close();
                throw new IllegalStateException("redis-server did not answer on port " + server.port + " within 60 s:\n" + log);
            }
            Thread.sleep(20);
        }
    }

    /**
     * Sends one inline command and returns the first line of the reply.
     *
     * @param port the port
     * @param command the command, e.g. {@code FLUSHALL}
     * @return the reply's first line
     * @throws IOException if the server cannot be reached
     */
    static String command(int port, String command) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                line.append((char) c);
            }
            return line.toString();
        }
    }

}
