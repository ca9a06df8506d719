package io.managedobjects.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The far end of {@link RawPingPongBenchmark}: a JVM that echoes length-prefixed frames.
 *
 * <p>Arguments: the transport ({@code unix} or {@code tcp}) and the address to bind (a socket file
 * path, or {@code host:port} where port 0 picks a free one). It prints the bound address on stdout as
 * one line, then serves each connection on its own thread, writing every frame back as it came. It
 * exits when its stdin reaches end of file, so it never outlives the JVM that started it.
 */
public final class EchoServer {

    /** The largest frame body echoed; a bigger one closes its connection. */
    static final int MAX_BODY = 64 * 1024;

    private EchoServer() {
    }

    /**
     * Runs the echo server until stdin reaches end of file.
     *
     * @param args the transport and the address to bind
     * @throws IOException if the address cannot be bound or accepting fails
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("Usage: EchoServer unix|tcp ADDRESS   (ADDRESS: a socket path, or host:port)");
            System.exit(2);
        }
        exitOnEndOfStdin();
        Transport transport = Transport.of(args[0]);
        try (ServerSocketChannel server = transport.bind(args[1])) {
            System.out.println(transport.format(server.getLocalAddress()));
            System.out.flush();
            int connections = 0;
            while (true) {
                SocketChannel channel = server.accept();
                try {
                    transport.configure(channel);
                } catch (IOException e) {
                    channel.close();
                    continue;
                }
                Thread worker = new Thread(() -> echo(channel), "echo-" + ++connections);
                worker.setDaemon(true);
                worker.start();
            }
        }
    }

    private static void exitOnEndOfStdin() {
        Thread watcher = new Thread(() -> {
            InputStream in = System.in;
            byte[] sink = new byte[256];
            try {
                while (in.read(sink) >= 0) {
                    // the parent never writes; anything it does write is ignored
                }
            } catch (IOException e) {
                // stdin is broken: the parent is gone just the same
            }
            System.exit(0);
        }, "echo-stdin-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static void echo(SocketChannel channel) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(Frames.HEADER + MAX_BODY);
        try (channel) {
            while (Frames.readFrame(channel, buffer)) {
                Frames.writeFully(channel, buffer);
            }
        } catch (IOException e) {
            // the benchmark closed its end mid-frame, or sent garbage: drop the connection
        }
    }
}
