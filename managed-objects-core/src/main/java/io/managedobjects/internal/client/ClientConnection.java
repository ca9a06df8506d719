package io.managedobjects.internal.client;

import io.managedobjects.AuthenticationException;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import io.managedobjects.internal.codec.ErrorInfo;
import io.managedobjects.internal.codec.Request;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/** One authenticated connection to the server, used by one thread at a time; calls are synchronous. */
final class ClientConnection implements AutoCloseable {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    /** Read the replies of blocking calls, so that the calling thread can be interrupted safely. */
    private static final ExecutorService READERS = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "managed-objects-blocking-reply");
        thread.setDaemon(true);
        return thread;
    });
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "managed-objects-handshake-timer");
        thread.setDaemon(true);
        return thread;
    });

    private final FrameChannel channel;
    private final WireCodec codec;
    private final byte[] session;
    private long nextCallId;
    private int lastBytesSent;
    private int lastBytesReceived;

    private ClientConnection(FrameChannel channel, WireCodec codec, byte[] session) {
        this.channel = channel;
        this.codec = codec;
        this.session = session;
    }

    /** @return the session the server assigned, or that this connection joined */
    byte[] session() {
        return session.clone();
    }

    /**
     * Opens and authenticates a connection.
     *
     * @param join {@link Handshake#NEW_SESSION} for a client manager's first connection, else its session
     * @throws Handshake.SessionEndedException if the session to join has ended on the server
     */
    static ClientConnection open(Address address, byte[] key, byte[] join, int maxFrameBytes, WireCodec codec) {
        boolean interrupted = Thread.interrupted();
        try {
            return connect(address, key, join, maxFrameBytes, codec);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static ClientConnection connect(Address address, byte[] key, byte[] join, int maxFrameBytes, WireCodec codec) {
        FrameChannel channel;
        try {
            channel = FrameChannel.connectUninterruptibly(address, maxFrameBytes, CONNECT_TIMEOUT);
        } catch (IOException e) {
            throw new ManagerConnectionException("Cannot connect to the manager server at " + address + ": " + e.getMessage()
                    + " (is the server running? check the address)", e);
        }
        ScheduledFuture<?> timeout = TIMER.schedule(channel::close, HANDSHAKE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        try {
            byte[] session = Handshake.client(channel, key, ProcessHandle.current().pid(), Thread.currentThread().getId(), join);
            if (!timeout.cancel(false)) {
                throw new IOException("no handshake within " + HANDSHAKE_TIMEOUT);
            }
            return new ClientConnection(channel, codec, session);
        } catch (Handshake.SessionEndedException e) {
            timeout.cancel(false);
            channel.close();
            throw e;
        } catch (AuthenticationException | ManagerConnectionException e) {
            timeout.cancel(false);
            if (e instanceof ManagerConnectionException refused) {
                channel.close();
                throw new ManagerConnectionException(refused.getMessage() + " (" + address + ")");
            }
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
        byte[] request = encode(callId, target, method, args, refs);
        // the channel's I/O is not interruptible (an interrupt never loses the reply): an interrupt is kept for after the call
        boolean interrupted = Thread.interrupted();
        lastBytesSent = request.length;
        lastBytesReceived = 0;
        try {
            channel.write(request);
            byte[] reply = channel.read();
            lastBytesReceived = reply.length;
            return decode(reply, callId, refs);
        } catch (IOException | MalformedInputException e) {
            channel.close();
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Sends a call that may block on the server (lock, take, await, ...) and waits for its reply. The
     * reply is read by a helper thread, so that an interrupt of the caller does not close the channel:
     * an interruptible call then asks the server to cancel it, and throws {@link InterruptedException}
     * unless the server had already granted it (the result is returned and the interrupt kept).
     *
     * @param interruptible false for calls that, like {@code Lock.lock()}, ignore interrupts
     */
    synchronized Response callBlocking(String target, String method, @Nullable Object[] args, RefResolver refs,
            boolean interruptible) throws IOException, InterruptedException {
        boolean interruptedBefore = Thread.interrupted();
        if (interruptedBefore && interruptible) {
            throw new InterruptedException();
        }
        long callId = ++nextCallId;
        byte[] request = encode(callId, target, method, args, refs);
        boolean keepInterrupt = interruptedBefore;
        lastBytesSent = request.length;
        lastBytesReceived = 0;
        try {
            channel.write(request);
            Future<byte[]> reply = READERS.submit(channel::read);
            while (true) {
                try {
                    byte[] bytes = reply.get();
                    lastBytesReceived = bytes.length;
                    return decode(bytes, callId, refs);
                } catch (InterruptedException e) {
                    if (!interruptible) {
                        keepInterrupt = true;
                        continue;
                    }
                    Response outcome = cancel(callId, reply, refs);
                    ErrorInfo error = outcome.error();
                    if (error != null && error.className().equals(InterruptedException.class.getName())) {
                        throw new InterruptedException("Interrupted while waiting in " + method);
                    }
                    keepInterrupt = true;
                    return outcome;
                }
            }
        } catch (ExecutionException e) {
            channel.close();
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (IOException | MalformedInputException e) {
            channel.close();
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        } finally {
            if (keepInterrupt) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Asks the server to cancel a parked call; returns the call's own outcome (cancelled, or granted meanwhile). */
    private Response cancel(long callId, Future<byte[]> pendingReply, RefResolver refs) throws IOException, ExecutionException {
        long cancelId = ++nextCallId;
        channel.write(encode(cancelId, Request.SERVER, "cancel", new Object[] {callId}, refs));
        // both replies are read before anything is decoded, so the stream stays in step whatever decoding does
        byte[] first = uninterruptibly(pendingReply);
        byte[] second = uninterruptibly(READERS.submit(channel::read));
        long firstId = codec.peekCallId(first);
        long secondId = codec.peekCallId(second);
        if (!(firstId == callId && secondId == cancelId || firstId == cancelId && secondId == callId)) {
            throw new IOException("unexpected responses to calls " + firstId + " and " + secondId + " after cancelling call " + callId);
        }
        byte[] original = firstId == callId ? first : second;
        lastBytesReceived = original.length;
        return codec.decodeResponse(original, refs);
    }

    private static byte[] uninterruptibly(Future<byte[]> future) throws ExecutionException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return future.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Encodes a request; a value that may not be sent fails the call with a {@code DisallowedTypeException}, and nothing is sent. */
    private byte[] encode(long callId, String target, String method, @Nullable Object[] args, RefResolver refs) {
        return codec.encodeRequest(callId, target, method, args, refs);
    }

    private Response decode(byte[] reply, long callId, RefResolver refs) throws IOException {
        Response response = codec.decodeResponse(reply, refs);
        if (response.callId() != callId) {
            throw new IOException("response to call " + response.callId() + " received for call " + callId);
        }
        return response;
    }

    /**
     * Sends a call without waiting for its reply (a pipeline's connection).
     *
     * @param register told the call id before the request is written, so the reply finds its caller
     * @return the call id
     */
    synchronized long send(String target, String method, @Nullable Object[] args, RefResolver refs,
            java.util.function.LongConsumer register) throws IOException {
        long callId = ++nextCallId;
        byte[] request = encode(callId, target, method, args, refs);
        register.accept(callId);
        channel.write(request);
        return callId;
    }

    /**
     * Reads the next reply (a pipeline's reader thread).
     *
     * @return the reply
     */
    Response receive(RefResolver refs) throws IOException {
        try {
            return codec.decodeResponse(channel.read(), refs);
        } catch (MalformedInputException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** @return the size of the last request sent on this connection */
    int lastBytesSent() {
        return lastBytesSent;
    }

    /** @return the size of the last reply read on this connection */
    int lastBytesReceived() {
        return lastBytesReceived;
    }

    boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() {
        channel.close();
    }
}
