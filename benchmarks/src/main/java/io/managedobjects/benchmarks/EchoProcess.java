package io.managedobjects.benchmarks;

import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * A running {@link EchoServer} child JVM, started with this JVM's classpath and default options (as
 * the manager forks its server). Closing it closes the child's stdin, which makes it exit; a child
 * that does not exit in time is killed. Either way it is gone when {@link #close()} returns.
 */
final class EchoProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Transport transport;
    private final Process process;
    private final String address;
    private final @Nullable Path socketDir;

    private EchoProcess(Transport transport, Process process, String address, @Nullable Path socketDir) {
        this.transport = transport;
        this.process = process;
        this.address = address;
        this.socketDir = socketDir;
    }

    /**
     * Starts an echo server and waits until it has printed its bound address.
     *
     * @param transport the transport to listen on: a socket in a fresh temporary directory, or a free
     *     loopback port
     * @return the running server
     * @throws IOException if it cannot be started or does not report its address in time
     */
    static EchoProcess start(Transport transport) throws IOException {
        Path dir = transport == Transport.UNIX ? socketDirectory() : null;
        String requested = dir != null ? dir.resolve("echo.sock").toString() : "127.0.0.1:0";
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(EchoServer.class.getName());
        command.add(transport.id());
        command.add(requested);
        Process process;
        try {
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException | RuntimeException e) {
            deleteQuietly(dir);
            throw e;
        }
        try {
            return new EchoProcess(transport, process, awaitAddress(process), dir);
        } catch (IOException | RuntimeException e) {
            stop(process);
            deleteQuietly(dir);
            throw e;
        }
    }

    /**
     * Opens a new blocking connection to the server.
     *
     * @return the connected channel
     * @throws IOException if the connection fails
     */
    SocketChannel connect() throws IOException {
        return transport.connect(address);
    }

    /** Stops the child (killing it if it does not exit in time) and deletes its socket directory. */
    @Override
    public void close() {
        try {
            stop(process);
        } finally {
            deleteQuietly(socketDir);
        }
    }

    @Override
    public String toString() {
        return "EchoProcess[" + transport.id() + " " + address + ", pid " + process.pid() + "]";
    }

    private static String awaitAddress(Process process) throws IOException {
        CompletableFuture<String> address = new CompletableFuture<>();
        Thread reader = new Thread(() -> pumpOutput(process, address), "echo-server-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return address.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IOException("The echo server printed no address within " + START_TIMEOUT);
        } catch (ExecutionException e) {
            throw new IOException("The echo server exited before printing its address (its error output, if any, is above)", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while waiting for the echo server to start");
        }
    }

    /** Hands the first line of the child's stdout to {@code address} and forwards any later ones. */
    private static void pumpOutput(Process process, CompletableFuture<String> address) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (!address.complete(line.trim())) {
                    System.out.println("[echo server] " + line);
                }
            }
        } catch (IOException e) {
            address.completeExceptionally(e);
        }
        address.completeExceptionally(new EOFException("the echo server closed its output"));
    }

    private static void stop(Process process) {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                System.err.println("The echo server (pid " + process.pid() + ") did not exit within " + STOP_TIMEOUT + ": killing it");
            }
        } catch (IOException e) {
            // its stdin is already closed: it is exiting or gone
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
                try {
                    process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private static Path socketDirectory() throws IOException {
        // a Unix socket path must stay under ~100 bytes: avoid long temporary directories (macOS)
        String tmp = System.getProperty("java.io.tmpdir", "/tmp");
        Path base = tmp.length() > 60 ? Path.of("/tmp") : Path.of(tmp);
        return Files.createTempDirectory(base, "mo-bench-");
    }

    private static void deleteQuietly(@Nullable Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> deepestFirst = walk.sorted(Comparator.reverseOrder()).toList();
            for (Path path : deepestFirst) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            System.err.println("Cannot delete " + dir + ": " + e.getMessage());
        }
    }
}
