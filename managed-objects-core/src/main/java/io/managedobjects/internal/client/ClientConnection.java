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
import io.managedobjects.internal.codec.MalformedInputException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/** One authenticated connection to the server, used by one thread at a time; calls are synchronous. */
final class ClientConnection implements AutoCloseable {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "managed-objects-handshake-timer");
        thread.setDaemon(true);
        return thread;
    });

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
        ScheduledFuture<?> timeout = TIMER.schedule(channel::close, HANDSHAKE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        try {
            Handshake.client(channel, key, ProcessHandle.current().pid(), session);
            if (!timeout.cancel(false)) {
                throw new IOException("no handshake within " + HANDSHAKE_TIMEOUT);
            }
            return new ClientConnection(channel, codec);
        } catch (AuthenticationException e) {
            timeout.cancel(false);
            channel.close();
            throw new AuthenticationException(e.getMessage() + " at " + address);
        } catch (IOException e) {
            timeout.cancel(false);
            channel.close();
            throw new ManagerConnectionException("The manager server at " + address + " did not complete the handshake ("
                    + e.getMessage() + "): is it overloaded, stopped, or not a managed-objects server?", e);
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
            byte[] reply = channel.read();
            Response response = codec.decodeResponse(reply, refs);
            if (response.callId() != callId) {
                throw new IOException("response to call " + response.callId() + " received for call " + callId);
            }
            return response;
        } catch (IOException | MalformedInputException e) {
            channel.close();
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
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
