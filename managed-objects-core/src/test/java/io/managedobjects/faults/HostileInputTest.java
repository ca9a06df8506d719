package io.managedobjects.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.managedobjects.AuthenticationException;
import io.managedobjects.DisallowedTypeException;
import io.managedobjects.Manager;
import io.managedobjects.ManagerConnectionException;
import io.managedobjects.ManagerException;
import io.managedobjects.ManagerServer;
import io.managedobjects.SharedMap;
import io.managedobjects.custom.Counter;
import io.managedobjects.fixtures.NoRefs;
import io.managedobjects.internal.Address;
import io.managedobjects.internal.codec.MalformedInputException;
import io.managedobjects.internal.codec.RefResolver;
import io.managedobjects.internal.codec.Request;
import io.managedobjects.internal.codec.Response;
import io.managedobjects.internal.codec.TypePolicy;
import io.managedobjects.internal.codec.WireCodec;
import io.managedobjects.internal.wire.FrameChannel;
import io.managedobjects.internal.wire.Handshake;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonGenerator;
import tools.jackson.dataformat.cbor.CBORMapper;

/** Hostile peers: fuzzed frames and handshakes, replays, forbidden methods and gadget classes, connection limits. */
class HostileInputTest {

    static final byte[] KEY = "hostile-input-key".getBytes(StandardCharsets.UTF_8);
    static final int FRAME_LIMIT = 1 << 20;
    static final RefResolver NO_REFS = NoRefs.INSTANCE;

    ManagerServer server;
    Manager witness;

    @BeforeEach
    void start() {
        server = ManagerServer.builder().authKey(KEY).maxFrameBytes(FRAME_LIMIT).handshakeTimeout(Duration.ofSeconds(1))
                .maxConnections(64).register(Counter.class).build().start();
        witness = Manager.connect(server.address(), KEY);
        witness.map("witness").put("alive", 1);
    }

    @AfterEach
    void stop() {
        witness.close();
        server.close();
    }

    private void assertStillServing() {
        SharedMap<String, Integer> map = witness.map("witness");
        map.merge("alive", 1, Integer::sum);
        assertThat(map.get("alive")).isGreaterThan(1);
    }

    private FrameChannel authenticated() throws IOException {
        FrameChannel channel = FrameChannel.connect(Address.parse(server.address()), FRAME_LIMIT, Duration.ofSeconds(5));
        Handshake.client(channel, KEY, ProcessHandle.current().pid(), 1L, Handshake.NEW_SESSION);
        return channel;
    }

    private static boolean closedByServer(SocketChannel channel) {
        ByteBuffer sink = ByteBuffer.allocate(1 << 16);
        try {
            for (int reads = 0; reads < 10_000; reads++) {
                sink.clear();
                if (channel.read(sink) < 0) {
                    return true;
                }
            }
        } catch (IOException e) {
            return true;
        }
        return false;
    }

    @Test
    void fuzzedHandshakesNeverGetInAndTheServerKeepsServing() throws IOException {
        Random random = new Random(20261122L);
        for (int i = 0; i < 200; i++) {
            try (SocketChannel raw = SocketChannel.open(Address.parse(server.address()).socketAddress())) {
                byte[] junk = new byte[random.nextInt(200)];
                random.nextBytes(junk);
                if (junk.length >= 4 && random.nextBoolean()) {
                    System.arraycopy(("MOB" + Handshake.PROTOCOL_VERSION).getBytes(StandardCharsets.US_ASCII), 0, junk, 0, 4);
                }
                raw.write(ByteBuffer.wrap(junk));
                raw.shutdownOutput();
                ByteBuffer reply = ByteBuffer.allocate(1 << 12);
                int total = 0;
                int n;
                while ((n = raw.read(reply)) >= 0) {
                    total += n;
                    reply.clear();
                }
                assertThat(total).as("bytes the server sent back to junk").isLessThanOrEqualTo(36 + 1 + 32 + 16);
            }
        }
        assertStillServing();
    }

    @Test
    void fuzzedFramesAfterAuthenticationCloseOnlyThatConnection() throws IOException {
        Random random = new Random(42L);
        WireCodec codec = new WireCodec(new TypePolicy(List.of(), getClass().getClassLoader()));
        byte[] valid = codec.encodeRequest(1, "", "ping", new Object[0], NO_REFS);
        for (int i = 0; i < 300; i++) {
            try (FrameChannel channel = authenticated()) {
                byte[] frame;
                switch (i % 3) {
                    case 0 -> {
                        frame = new byte[random.nextInt(300)];
                        random.nextBytes(frame);
                    }
                    case 1 -> {
                        frame = valid.clone();
                        for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                            frame[random.nextInt(frame.length)] ^= (byte) (1 << random.nextInt(8));
                        }
                    }
                    default -> frame = java.util.Arrays.copyOf(valid, random.nextInt(valid.length));
                }
                channel.write(frame);
                try {
                    channel.read();
                } catch (IOException closed) {
                    // the server closed a connection that sent garbage: fine
                }
            }
        }
        try (FrameChannel channel = authenticated()) {
            channel.writeRaw(ByteBuffer.allocate(4).putInt(FRAME_LIMIT + 1).array());
            assertThat(closedByServer(channel.channel())).isTrue();
        }
        assertStillServing();
    }

    @Test
    void fuzzedRequestPayloadsFailOnlyWithProtocolErrors() {
        WireCodec codec = new WireCodec(new TypePolicy(List.of("io.managedobjects.fixtures"), getClass().getClassLoader()));
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(codec.encodeRequest(7, "3", "put", new Object[] {"k", List.of(1L, 2.5f, 'c', new int[] {1, 2})}, NO_REFS));
        seeds.add(codec.encodeRequest(8, "", "create", new Object[] {"map", null, List.of(java.util.Map.of("a", java.util.UUID.randomUUID()))}, NO_REFS));
        seeds.add(codec.encodeRequest(9, "4", "add", new Object[] {new io.managedobjects.fixtures.Person("Ann", 3, List.of("x"))}, NO_REFS));
        Random random = new Random(7L);
        int rejected = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] payload = seeds.get(i % seeds.size()).clone();
            for (int flips = 1 + random.nextInt(6); flips > 0; flips--) {
                payload[random.nextInt(payload.length)] = (byte) random.nextInt(256);
            }
            try {
                Request request = codec.decodeRequest(payload, NO_REFS);
                assertThat(request.method()).isNotNull();
            } catch (MalformedInputException | DisallowedTypeException e) {
                rejected++;
            } catch (ManagerException e) {
                rejected++;
            }
        }
        assertThat(rejected).isPositive();
    }

    @Test
    void aRecordedHandshakeCannotBeReplayed() throws IOException {
        byte[] recorded = captureClientMessage();
        try (FrameChannel replay = FrameChannel.connect(Address.parse(server.address()), FRAME_LIMIT, Duration.ofSeconds(5))) {
            replay.readRaw(36);
            replay.writeRaw(recorded);
            byte[] reply = replay.readRaw(1 + 32 + 16);
            assertThat(reply[0]).as("the server accepted a replayed handshake").isZero();
        }
        assertStillServing();
    }

    /** Runs a genuine handshake through a recording relay and returns what the client sent. */
    private byte[] captureClientMessage() throws IOException {
        try (FrameChannel channel = FrameChannel.connect(Address.parse(server.address()), FRAME_LIMIT, Duration.ofSeconds(5))) {
            RecordingChannel recording = new RecordingChannel(channel);
            recording.handshake();
            return recording.sent();
        }
    }

    /** Performs the client handshake by hand, keeping the bytes it sends. */
    private record RecordingChannel(FrameChannel channel) {
        private static final java.util.Map<FrameChannel, byte[]> SENT = new java.util.concurrent.ConcurrentHashMap<>();

        void handshake() throws IOException {
            byte[] hello = channel.readRaw(36);
            byte[] serverNonce = java.util.Arrays.copyOfRange(hello, 4, 36);
            byte[] clientNonce = Handshake.randomBytes(32);
            byte[] session = Handshake.NEW_SESSION;
            long pid = 1;
            long thread = 1;
            ByteBuffer message = ByteBuffer.allocate(4 + 32 + 8 + 8 + 16 + 32);
            message.put(("MOB" + Handshake.PROTOCOL_VERSION).getBytes(StandardCharsets.US_ASCII)).put(clientNonce).putLong(pid).putLong(thread).put(session);
            message.put(hmac(serverNonce, clientNonce, pid, thread, session));
            channel.writeRaw(message.array());
            assertThat(channel.readRaw(1 + 32 + 16)[0]).isEqualTo((byte) 1);
            SENT.put(channel, message.array());
        }

        byte[] sent() {
            return SENT.remove(channel);
        }

        private static byte[] hmac(byte[] serverNonce, byte[] clientNonce, long pid, long thread, byte[] session) {
            try {
                javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
                mac.init(new javax.crypto.spec.SecretKeySpec(KEY, "HmacSHA256"));
                mac.update((byte) 'C');
                mac.update(serverNonce);
                mac.update(clientNonce);
                mac.update(ByteBuffer.allocate(8).putLong(pid).array());
                mac.update(ByteBuffer.allocate(8).putLong(thread).array());
                mac.update(session);
                return mac.doFinal();
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void wrongAndEmptyKeysAreRefused() {
        assertThatThrownBy(() -> Manager.connect(server.address(), "nope-not-the-key-0123".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(AuthenticationException.class);
        assertThatThrownBy(() -> Manager.connect(server.address(), new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertStillServing();
    }

    private Response send(FrameChannel channel, WireCodec codec, String target, String method, Object... args) throws IOException {
        channel.write(codec.encodeRequest(1, target, method, args, NO_REFS));
        return codec.decodeResponse(channel.read(), NO_REFS);
    }

    @Test
    void onlyExposedOperationsCanBeCalled() throws IOException {
        SharedMap<String, Integer> map = witness.map("target");
        Counter counter = witness.create(Counter.class);
        String counterId = ((io.managedobjects.SharedObject) counter).sharedId();
        WireCodec codec = new WireCodec(new TypePolicy(List.of(), getClass().getClassLoader()));
        try (FrameChannel channel = authenticated()) {
            for (String method : List.of("getClass", "wait", "notify", "notifyAll", "hashCode", "equals", "finalize", "clone",
                    "forEachRef", "monitor", "target", "concurrent", "hostedSize", "sessionEnded", "state")) {
                Response response = send(channel, codec, map.sharedId(), method);
                assertThat(response.error()).as(method).isNotNull();
            }
            for (String method : List.of("getClass()", "wait()", "hashCode()", "equals(java.lang.Object)", "notify()")) {
                assertThat(send(channel, codec, counterId, method).error()).as(method).isNotNull();
            }
            assertThat(send(channel, codec, counterId, "increment()").error()).isNull();
            assertThat(send(channel, codec, "999999", "size").error().message()).contains("no longer exists");
            assertThat(send(channel, codec, "1-abcdefgh", "size").error().message()).contains("earlier run").contains("restarted");
            assertThat(send(channel, codec, "", "share", "x").error()).isNotNull();
            assertThat(send(channel, codec, "", "createInstance", "java.lang.ProcessBuilder", null, List.of()).error().message())
                    .contains("is not registered");
            assertThat(send(channel, codec, "", "create", "java.lang.Runtime", null, List.of()).error().message())
                    .contains("Unknown shared type");
        }
        assertStillServing();
    }

    @Test
    void gadgetClassesNamedInValuesAreRefusedBeforeLoading() throws IOException {
        String[] gadgets = {"org.apache.commons.collections.functors.InvokerTransformer", "com.sun.rowset.JdbcRowSetImpl",
            "org.springframework.beans.factory.ObjectFactory", "javax.management.BadAttributeValueExpException",
            "java.lang.ProcessBuilder", "java.net.URLClassLoader", "org.codehaus.groovy.runtime.MethodClosure"};
        CBORMapper mapper = CBORMapper.builder().build();
        try (FrameChannel channel = authenticated()) {
            String mapId = witness.map("gadgets").sharedId();
            for (String gadget : gadgets) {
                for (int code : new int[] {9, 14, 15, 16}) {
                    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
                    try (JsonGenerator out = mapper.createGenerator(bytes)) {
                        out.writeStartArray();
                        out.writeNumber(5L);
                        out.writeString(mapId);
                        out.writeString("put");
                        out.writeString("key");
                        out.writeStartArray();
                        out.writeNumber(code);
                        out.writeString(gadget);
                        out.writeStartObject();
                        out.writeEndObject();
                        out.writeEndArray();
                        out.writeEndArray();
                    }
                    channel.write(bytes.toByteArray());
                    Response response = new WireCodec(new TypePolicy(List.of(), getClass().getClassLoader()))
                            .decodeResponse(channel.read(), NO_REFS);
                    assertThat(response.error()).as(gadget + " with code " + code).isNotNull();
                    assertThat(response.error().className()).isIn(DisallowedTypeException.class.getName(),
                            io.managedobjects.UnreadableValueException.class.getName());
                }
            }
        }
        assertThat(witness.map("gadgets")).isEmpty();
        assertStillServing();
    }

    @Test
    void theConnectionLimitRefusesClearlyAndSilentPeersNeitherCountNorStay() throws Exception {
        try (ManagerServer small = ManagerServer.builder().authKey(KEY).maxConnections(3).handshakeTimeout(Duration.ofSeconds(1))
                .build().start()) {
            List<SocketChannel> silent = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    silent.add(SocketChannel.open(Address.parse(small.address()).socketAddress()));
                }
                // the limit counts authenticated connections only: silent peers take no client's place
                try (Manager first = Manager.connect(small.address(), KEY); Manager second = Manager.connect(small.address(), KEY)) {
                    assertThat(first.list().isEmpty()).isTrue();          // first's primary and this thread's: 2
                    assertThatThrownBy(() -> second.list())                // second's primary is the 3rd; this thread's would be a 4th
                            .isInstanceOf(ManagerConnectionException.class).hasMessageContaining("maximum number of connections");
                }
                for (SocketChannel peer : silent) {
                    assertThat(closedByServer(peer)).as("a silent peer is dropped after the handshake timeout").isTrue();
                }
            } finally {
                for (SocketChannel peer : silent) {
                    peer.close();
                }
            }
        }
    }
}
