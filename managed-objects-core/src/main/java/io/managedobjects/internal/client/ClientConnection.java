package io.managedobjects.internal.client;

import io.managedobjects.AuthenticationException;
import io.managedobjects.DisallowedTypeException;
import io.managedobjects.ManagerConnectionException;
import io.managedobjects.internal.Address;
import io.managedobjects.internal.codec.RefResolver;
import io.managedobjects.internal.codec.Response;
import io.managedobjects.internal.codec.WireCodec;
import io.managedobjects.internal.wire.FrameChannel;
import io.managedobjects.internal.wire.Handshake;
import java.io.IOException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** One authenticated connection to the server, used by one thread at a time; calls are synchronous. */
final class ClientConnection implements AutoCloseable {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final FrameChannel channel;
    private final WireCodec codec;
    private long nextCallId;

    private ClientConnection(FrameChannel channel, WireCodec codec) {
        this.channel = channel;
        this.codec = codec;
    }

    static ClientConnection open(Address address, byte[] key, byte[] session, int maxFrameBytes, WireCodec codec) {
        FrameChannel channel;
        try {
            channel = FrameChannel.connect(address, maxFrameBytes, CONNECT_TIMEOUT);
        } catch (IOException e) {
            throw new ManagerConnectionException("Cannot connect to the manager server at " + address + ": " + e.getMessage()
                    + " (is the server running? check the address)", e);
        }
        try {
            Handshake.client(channel, key, ProcessHandle.current().pid(), session);
            return new ClientConnection(channel, codec);
        } catch (AuthenticationException e) {
            channel.close();
            throw new AuthenticationException(e.getMessage() + " at " + address);
        } catch (IOException e) {
            channel.close();
            throw new ManagerConnectionException("The manager server at " + address + " closed the connection during the handshake: " + e.getMessage(), e);
        }
    }

    /**
     * Sends one call and waits for its response.
     *
     * @throws IOException if the connection fails; the connection is then closed
     */
    synchronized Response call(String target, String method, @Nullable Object[] args, RefResolver refs) throws IOException {
        long callId = ++nextCallId;
        byte[] request;
        try {
            request = codec.encodeRequest(callId, target, method, args, refs);
        } catch (DisallowedTypeException e) {
            throw new UnsendableValueException(e);
        }
        try {
            channel.write(request);
            Response response = codec.decodeResponse(channel.read(), refs);
            if (response.callId() != callId) {
                throw new IOException("response to call " + response.callId() + " received for call " + callId);
            }
            return response;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() {
        channel.close();
    }
}
