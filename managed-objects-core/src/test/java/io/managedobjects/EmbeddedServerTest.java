package io.managedobjects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Python's {@code get_server().serve_forever()}: a server inside this JVM. */
class EmbeddedServerTest {

    static final byte[] KEY = "embedded-server-test-key".getBytes(StandardCharsets.UTF_8);

    @Test
    void serveForeverStartsTheServerAndReturnsWhenItIsClosed() throws Exception {
        ManagerServer server = ManagerServer.builder().authKey(KEY).build();
        CompletableFuture<Void> serving = CompletableFuture.runAsync(() -> {
            try {
                server.serveForever();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        String address = awaitAddress(server);
        try (Manager client = Manager.connect(address, KEY)) {
            client.map("m").put("k", "v");
            assertThat(server.info().objects()).anyMatch(o -> "m".equals(o.name()));
        }
        server.close();
        serving.get(10, TimeUnit.SECONDS);
    }

    private static String awaitAddress(ManagerServer server) {
        Conditions.await("the server bound by serveForever()", () -> {
            try {
                server.address();
                return true;
            } catch (IllegalStateException notYet) {
                return false;
            }
        });
        return server.address();
    }

    @Test
    void serveForeverThrowsInterruptedExceptionWhenItsThreadIsInterrupted() throws Exception {
        try (ManagerServer server = ManagerServer.builder().authKey(KEY).build().start()) {
            CountDownLatch entered = new CountDownLatch(1);
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            Thread thread = new Thread(() -> {
                entered.countDown();
                try {
                    server.serveForever();
                    outcome.complete(null);
                } catch (Throwable t) {
                    outcome.complete(t);
                }
            });
            thread.start();
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            thread.interrupt();
            assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
            try (Manager client = Manager.connect(server.address(), KEY)) {
                assertThat(client.list()).isEmpty();
            }
        }
    }

    @Test
    void unixSocketServerCreatesAnOwnerOnlySocketFileAndRemovesItOnClose(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("manager.sock");
        try (ManagerServer server = ManagerServer.builder().address("unix:" + socket).authKey(KEY).build().start()) {
            assertThat(server.address()).isEqualTo("unix:" + socket);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
            try (Manager client = Manager.connect(server.address(), KEY)) {
                assertThat(client.info().connections()).isNotEmpty()
                        .allMatch(connection -> connection.pid() == ProcessHandle.current().pid());
            }
        }
        assertThat(socket).doesNotExist();
    }

    @Test
    void secondServerOnTheSameSocketIsRefusedWhileTheFirstListens(@TempDir Path dir) {
        String address = "unix:" + dir.resolve("s");
        try (ManagerServer first = ManagerServer.builder().address(address).authKey(KEY).build().start()) {
            assertThatThrownBy(() -> ManagerServer.builder().address(address).authKey(KEY).build().start())
                    .isInstanceOf(ManagerException.class).hasMessageContaining("already listening");
        }
    }

    @Test
    void serverWithoutAnAuthKeyIsRefused() {
        assertThatThrownBy(() -> ManagerServer.builder().build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("auth key");
    }
}
