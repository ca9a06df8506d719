package io.managedobjects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.managedobjects.fixtures.Person;
import io.managedobjects.internal.Address;
import io.managedobjects.internal.wire.FrameChannel;
import io.managedobjects.internal.wire.Handshake;
import io.managedobjects.untrusted.Gadget;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Authentication, hostile bytes and the value allow-list, against an embedded server. */
class SecurityTest {

    static final byte[] KEY = "the-right-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    ManagerServer server;

    @BeforeEach
    void startServer() {
        server = ManagerServer.builder().authKey(KEY).handshakeTimeout(Duration.ofSeconds(2)).build().start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void wrongAuthKeyIsRejectedAndTheServerKeepsServingOthers() {
        assertThatThrownBy(() -> Manager.connect(server.address(), "wrong-key-0123456789".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("wrong key")
                .hasMessageNotContaining("wrong-key-0123456789");
        try (Manager client = Manager.connect(server.address(), KEY)) {
            SharedList<String> list = client.list();
            list.add("still serving");
            assertThat(list).containsExactly("still serving");
        }
    }

    @Test
    void emptyAuthKeyIsRefusedUpFront() {
        assertThatThrownBy(() -> Manager.connect(server.address(), new byte[0])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("auth key is empty");
    }

    @Test
    void authKeysShorterThanSixteenBytesAreRefusedSayingSo() {
        byte[] fifteen = "fifteen-bytes!!".getBytes(StandardCharsets.UTF_8);
        assertThat(fifteen).hasSize(15);
        assertThatThrownBy(() -> Manager.builder().authKey(fifteen)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("auth key is 15 bytes; at least 16 are needed");
        assertThatThrownBy(() -> ManagerServer.builder().authKey(fifteen)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("auth key is 15 bytes; at least 16 are needed");
        assertThatThrownBy(() -> Manager.connect(server.address(), "wrong".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("auth key is 5 bytes; at least 16 are needed")
                .hasMessageNotContaining("wrong");
        byte[] sixteen = "sixteen-bytes!!!".getBytes(StandardCharsets.UTF_8);
        assertThat(Manager.builder().authKey(sixteen)).isNotNull();
        assertThat(ManagerServer.builder().authKey(sixteen)).isNotNull();
    }

    @Test
    void garbageBeforeTheHandshakeClosesOnlyThatConnection() throws IOException {
        try (Manager client = Manager.connect(server.address(), KEY)) {
            SharedMap<String, Integer> map = client.map();
            map.put("before", 1);
            for (int i = 0; i < 5; i++) {
                try (SocketChannel raw = SocketChannel.open(Address.parse(server.address()).socketAddress())) {
                    byte[] garbage = new byte[200];
                    ThreadLocalRandom.current().nextBytes(garbage);
                    raw.write(ByteBuffer.wrap(garbage));
                    assertThat(readUntilClosed(raw)).isTrue();
                }
            }
            map.put("after", 2);
            assertThat(map).containsEntry("before", 1).containsEntry("after", 2);
        }
    }

    @Test
    void hugeLengthPrefixAfterAuthenticationClosesOnlyThatConnection() throws IOException {
        try (Manager client = Manager.connect(server.address(), KEY)) {
            SharedList<Integer> list = client.list();
            list.add(1);
            try (FrameChannel raw = FrameChannel.connect(Address.parse(server.address()), 1 << 20, Duration.ofSeconds(5))) {
                Handshake.client(raw, KEY, ProcessHandle.current().pid(), 1L, Handshake.NEW_SESSION);
                raw.writeRaw(ByteBuffer.allocate(4).putInt(Integer.MAX_VALUE).array());
                assertThat(readUntilClosed(raw.channel())).isTrue();
            }
            try (FrameChannel raw = FrameChannel.connect(Address.parse(server.address()), 1 << 20, Duration.ofSeconds(5))) {
                Handshake.client(raw, KEY, ProcessHandle.current().pid(), 1L, Handshake.NEW_SESSION);
                raw.write("not cbor at all".getBytes(StandardCharsets.UTF_8));
                assertThat(readUntilClosed(raw.channel())).isTrue();
            }
            list.add(2);
            assertThat(list).containsExactly(1, 2);
        }
    }

    @Test
    void silentPeerIsDisconnectedAfterTheHandshakeTimeout() throws IOException {
        try (SocketChannel raw = SocketChannel.open(Address.parse(server.address()).socketAddress())) {
            assertThat(readUntilClosed(raw)).isTrue();
        }
    }

    /** Reads until the server closes the connection; true if it did within the read budget. */
    private static boolean readUntilClosed(SocketChannel channel) throws IOException {
        ByteBuffer sink = ByteBuffer.allocate(4096);
        for (int reads = 0; reads < 1000; reads++) {
            sink.clear();
            try {
                if (channel.read(sink) < 0) {
                    return true;
                }
            } catch (IOException e) {
                return true;
            }
        }
        return false;
    }

    @Test
    void valueOfAClassOutsideTheAllowListIsRefusedBeforeSending() {
        try (Manager client = Manager.connect(server.address(), KEY)) {
            SharedList<Object> list = client.list();
            assertThatThrownBy(() -> list.add(new Gadget()))
                    .isInstanceOf(DisallowedTypeException.class)
                    .hasMessageContaining(Gadget.class.getName())
                    .hasMessageContaining("trustedPackages(\"io.managedobjects.untrusted\")")
                    .hasMessageContaining("managed-objects.serialization.trusted-packages");
            assertThat(list).isEmpty();
        }
    }

    @Test
    void serverRefusesToDecodeATypeItDoesNotTrustEvenIfTheClientDoes() {
        try (Manager client = Manager.builder().address(server.address()).authKey(KEY)
                .trustedPackages("io.managedobjects.fixtures").connect()) {
            SharedList<Object> list = client.list();
            assertThatThrownBy(() -> list.add(new Person("Ann", 30, List.of("a"))))
                    .isInstanceOf(DisallowedTypeException.class)
                    .hasMessageContaining(Person.class.getName());
            assertThat(list).isEmpty();
        }
    }

    @Test
    void recordsOfTrustedPackagesCrossWithTheirType(@TempDir Path dir) {
        try (ManagerServer trusting = ManagerServer.builder().address("unix:" + dir.resolve("s")).authKey(KEY)
                .trustedPackages("io.managedobjects.fixtures").build().start();
                Manager client = Manager.builder().address(trusting.address()).authKey(KEY)
                        .trustedPackages("io.managedobjects.fixtures").connect()) {
            SharedMap<String, Person> people = client.map("people");
            people.put("ann", new Person("Ann", 30, List.of("admin")));
            assertThat(people.get("ann")).isEqualTo(new Person("Ann", 30, List.of("admin")));
            assertThat(trusting.info().connections()).isNotEmpty();
        }
    }

    @Test
    void forkedServerKeyNeverAppearsOnItsCommandLineOrInToString() throws IOException {
        byte[] key = "s3cret-key-never-shown".getBytes(StandardCharsets.UTF_8);
        try (Manager manager = Manager.builder().authKey(key).start()) {
            long pid = manager.info().server().pid();
            String commandLine = Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ');
            assertThat(commandLine).contains("ServerMain").doesNotContain("s3cret");
            assertThat(manager.toString()).doesNotContain("s3cret");
            assertThat(Manager.builder().authKey(key).toString()).doesNotContain("s3cret");
        }
    }

    @Test
    void closingAConnectedClientOnlyDisconnects() {
        Manager first = Manager.connect(server.address(), KEY);
        SharedMap<String, String> shared = first.map("kept");
        shared.put("k", "v");
        first.close();
        try (Manager second = Manager.connect(server.address(), KEY)) {
            assertThat(second.<String, String>map("kept")).containsEntry("k", "v");
        }
    }

    @Test
    void aReplyThisClientMayNotDecodeFailsThatCallOnly(@TempDir Path dir) {
        try (ManagerServer trusting = ManagerServer.builder().address("unix:" + dir.resolve("t")).authKey(KEY)
                .trustedPackages("io.managedobjects.fixtures").build().start();
                Manager writer = Manager.builder().address(trusting.address()).authKey(KEY)
                        .trustedPackages("io.managedobjects.fixtures").connect();
                Manager reader = Manager.connect(trusting.address(), KEY)) {
            writer.<String, Object>map("shared").put("person", new Person("Ann", 30, List.of()));
            SharedMap<String, Object> readerView = reader.map("shared");
            assertThatThrownBy(() -> readerView.get("person")).isInstanceOf(DisallowedTypeException.class)
                    .hasMessageContaining(Person.class.getName());
            readerView.put("plain", "still connected");
            assertThat(readerView.get("plain")).isEqualTo("still connected");
        }
    }
}
