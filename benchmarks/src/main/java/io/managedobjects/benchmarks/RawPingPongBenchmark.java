package io.managedobjects.benchmarks;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The floor under every proxy call: a raw blocking ping-pong with an {@link EchoServer} child JVM on
 * the same transport as {@link SharedMapBenchmark}. Each benchmark thread has its own connection and
 * sends one small frame (4-byte length and a 24-byte body, about the size of a small
 * {@code map.put} request), then reads the echoed frame whole. No serialization, no dispatch: only
 * the two system calls and the wake-ups of both processes that any synchronous call pays.
 */
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RawPingPongBenchmark {

    /** The size of the frame body. */
    static final int PAYLOAD = 24;

    /** One echo server JVM per trial, shared by all benchmark threads. */
    @State(Scope.Benchmark)
    public static class Echo {

        /** The transport: {@code unix} or {@code tcp}. */
        @Param({"unix", "tcp"})
        public String transport = "unix";

        private @Nullable EchoProcess server;

        /**
         * Starts the echo server JVM.
         *
         * @throws IOException if it does not start
         */
        @Setup(Level.Trial)
        public void start() throws IOException {
            server = EchoProcess.start(Transport.of(transport));
        }

        /** Stops the echo server JVM; it is gone when this returns. */
        @TearDown(Level.Trial)
        public void stop() {
            EchoProcess running = server;
            server = null;
            if (running != null) {
                running.close();
            }
        }

        SocketChannel connect() throws IOException {
            EchoProcess running = server;
            if (running == null) {
                throw new IllegalStateException("The echo server is not running");
            }
            return running.connect();
        }
    }

    /** A benchmark thread's connection to the echo server, opened on its first round trip. */
    @State(Scope.Thread)
    public static class Connection {

        private @Nullable SocketChannel channel;
        private final ByteBuffer request = ByteBuffer.allocateDirect(Frames.HEADER + PAYLOAD);
        private final ByteBuffer response = ByteBuffer.allocateDirect(Frames.HEADER + PAYLOAD);
        private int counter;

        /** Prepares the request frame: the length prefix and a constant body. */
        public Connection() {
            request.putInt(0, PAYLOAD);
            for (int i = Frames.HEADER; i < request.capacity(); i++) {
                request.put(i, (byte) i);
            }
        }

        /**
         * Closes the connection.
         *
         * @throws IOException if closing fails
         */
        @TearDown(Level.Trial)
        public void close() throws IOException {
            SocketChannel open = channel;
            channel = null;
            if (open != null) {
                open.close();
            }
        }

        int roundTrip(Echo echo) throws IOException {
            SocketChannel ch = channel;
            if (ch == null) {
                ch = echo.connect();
                channel = ch;
            }
            request.putInt(Frames.HEADER, ++counter);
            request.clear();
            Frames.writeFully(ch, request);
            if (!Frames.readFrame(ch, response)) {
                throw new EOFException("The echo server closed the connection");
            }
            if (response.limit() != request.capacity()) {
                throw new IOException("The echo server answered " + response.limit() + " bytes instead of " + request.capacity());
            }
            return response.getInt(Frames.HEADER);
        }
    }

    /**
     * One round trip from one thread.
     *
     * @param echo the echo server
     * @param connection this thread's connection
     * @return the echoed counter
     * @throws IOException if the round trip fails
     */
    @Benchmark
    public int pingPong(Echo echo, Connection connection) throws IOException {
        return connection.roundTrip(echo);
    }

    /**
     * Round trips from eight threads at once, each on its own connection (the echo server serves each
     * on its own thread).
     *
     * @param echo the echo server
     * @param connection this thread's connection
     * @return the echoed counter
     * @throws IOException if the round trip fails
     */
    @Benchmark
    @Threads(8)
    public int pingPong8Threads(Echo echo, Connection connection) throws IOException {
        return connection.roundTrip(echo);
    }
}
