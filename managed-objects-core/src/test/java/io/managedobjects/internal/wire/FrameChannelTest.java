package io.managedobjects.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameChannelTest {

    @TempDir
    Path dir;

    private static List<Thread> setUpThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("managed-objects-unix-socket-setup"))
                .toList();
    }

    @Test
    void preparingForATcpAddressOrNoneStartsNothing() {
        FrameChannel.prepareInBackground("tcp://127.0.0.1:7000");
        FrameChannel.prepareInBackground(null);

        assertThat(setUpThreads()).isEmpty();
    }

    @Test
    void preparingForAUnixSocketSetsItUpOnADaemonThreadThatEndsAndTheSocketThenWorks() throws Exception {
        Path socket = Files.createDirectories(dir.resolve("s")).resolve("server.sock");
        FrameChannel.prepareInBackground("unix:" + socket);
        for (Thread thread : setUpThreads()) {
            assertThat(thread.isDaemon()).isTrue();
            thread.join(TimeUnit.SECONDS.toMillis(60));
            assertThat(thread.isAlive()).isFalse();
        }

        io.managedobjects.internal.Address address = io.managedobjects.internal.Address.parse("unix:" + socket);
        try (ServerSocketChannel server = ServerSocketChannel.open(address.family())) {
            server.bind(address.socketAddress());
            try (FrameChannel client = FrameChannel.connect(address, 1024, Duration.ofSeconds(30));
                    SocketChannel accepted = server.accept()) {
                client.write(new byte[] {1, 2, 3});
                ByteBuffer frame = ByteBuffer.allocate(7);
                while (frame.hasRemaining()) {
                    accepted.read(frame);
                }
                assertThat(frame.flip().getInt()).isEqualTo(3);
            }
        }
    }
}
