package io.managedobjects;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedobjects.custom.NoteReader;
import io.managedobjects.custom.NoteWriter;
import io.managedobjects.custom.Notebook;
import io.managedobjects.fixtures.NoRefs;
import io.managedobjects.internal.Address;
import io.managedobjects.internal.client.ClientManager;
import io.managedobjects.internal.codec.RefResolver;
import io.managedobjects.internal.codec.Response;
import io.managedobjects.internal.codec.TypePolicy;
import io.managedobjects.internal.codec.WireCodec;
import io.managedobjects.internal.wire.FrameChannel;
import io.managedobjects.internal.wire.Handshake;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One implementation registered under two interfaces: each type id exposes its own interface, and only it. */
class TwoInterfacesOneImplementationTest {

    static final RefResolver NO_REFS = NoRefs.INSTANCE;

    @Test
    void eachInterfaceOfOneImplementationExposesItsOwnMethodsAndRefusesTheOthers() throws IOException {
        try (Manager manager = Manager.builder()
                .register("noteReader", NoteReader.class, Notebook.class)
                .register("noteWriter", NoteWriter.class, Notebook.class)
                .start()) {
            NoteReader reader = manager.create(NoteReader.class);
            NoteWriter writer = manager.create(NoteWriter.class);
            assertThat(((SharedObject) reader).sharedType()).isEqualTo("noteReader");
            assertThat(((SharedObject) writer).sharedType()).isEqualTo("noteWriter");
            assertThat(reader).isNotInstanceOf(NoteWriter.class);
            assertThat(writer).isNotInstanceOf(NoteReader.class);

            assertThat(reader.read()).isEmpty();
            writer.write("hello");

            WireCodec codec = new WireCodec(new TypePolicy(List.of(), getClass().getClassLoader()));
            try (FrameChannel channel = FrameChannel.connect(Address.parse(manager.address()), 1 << 20, Duration.ofSeconds(5))) {
                Handshake.client(channel, ((ClientManager) manager).authKey(), ProcessHandle.current().pid(), 1L,
                        Handshake.NEW_SESSION);
                String readerId = ((SharedObject) reader).sharedId();
                String writerId = ((SharedObject) writer).sharedId();
                assertThat(send(channel, codec, readerId, "write(java.lang.String)", "sneaked in").error())
                        .as("a writer method called on a reader").isNotNull()
                        .satisfies(error -> assertThat(error.message()).contains("no remote operation"));
                assertThat(send(channel, codec, readerId, "write", "sneaked in").error()).isNotNull();
                assertThat(send(channel, codec, writerId, "read()").error())
                        .as("a reader method called on a writer").isNotNull()
                        .satisfies(error -> assertThat(error.message()).contains("no remote operation"));
                assertThat(send(channel, codec, writerId, "write(java.lang.String)", " again").error()).isNull();
            }
            assertThat(reader.read()).isEmpty();
        }
    }

    private static Response send(FrameChannel channel, WireCodec codec, String target, String method, Object... args)
            throws IOException {
        channel.write(codec.encodeRequest(1, target, method, args, NO_REFS));
        return codec.decodeResponse(channel.read(), NO_REFS);
    }
}
