package io.managedobjects.internal.client;

import io.managedobjects.AuthenticationException;
import io.managedobjects.ManagerConnectionException;
import io.managedobjects.internal.Address;
import io.managedobjects.internal.client.ProxyChannel.Wait;
import io.managedobjects.internal.codec.ErrorInfo;
import io.managedobjects.internal.codec.MalformedInputException;
import io.managedobjects.internal.codec.RefResolver;
import io.managedobjects.internal.codec.Request;
import io.managedobjects.internal.codec.Response;
import io.managedobjects.internal.codec.WireCodec;
import io.managedobjects.ManagerException;
import io.managedobjects.internal.wire.FrameChannel;
import io.managedobjects.internal.wire.FrameTooLargeException;
import io.managedobjects.internal.wire.Handshake;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * One authenticated connection to the server, shared by any number of calling threads: each call has its
 * own id and carries its thread's id (the server makes the owner of what it acquires from it, with the
 * session), and replies come back in any order. There is no reading thread: a caller waiting for its reply
 * reads the connection itself when no one else does, and hands other callers their replies (so a single
 * caller pays no thread hand-off); it hands the reading on when its own reply has come. A call parked on
 * the server ({@code lock}, {@code take}) holds up no one: its reply comes whenever it comes.
 *
 * <p>Interrupts never break the connection (its I/O is not interruptible): an interruptible call asks
 * the server to cancel it and waits for the outcome; any other call keeps the interrupt for its caller.
 */
final class ClientConnection implements AutoCloseable {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    /** How long a waiting caller sleeps before it looks again whether it should read (a safety net: it is woken). */
    private static final long PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** Writes the cancellations that a reading caller asks for, so that it never waits for the write lock. */
    private static final java.util.concurrent.ExecutorService CANCELS = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "managed-objects-cancel");
        thread.setDaemon(true);
        return thread;
    });
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "managed-objects-handshake-timer");
        thread.setDaemon(true);
        return thread;
    });

    /** One call in flight: its caller waits until {@link #reply} or the connection's failure is set. */
    private static final class Exchange {
        final Thread caller = Thread.currentThread();
        final long callId;
        final boolean interruptible;
        volatile byte @Nullable [] reply;
        /** Whether the server was asked to cancel the call (its caller was interrupted). */
        volatile boolean cancelSent;
        /** Whether the caller was interrupted while it waited (its status is restored when the call ends). */
        boolean interrupted;

        Exchange(long callId, boolean interruptible) {
            this.callId = callId;
            this.interruptible = interruptible;
        }
    }

    /**
     * A call's response and the sizes of its frames (for the call observer).
     *
     * @param response the response
     * @param bytesSent the request's size
     * @param bytesReceived the reply's size
     */
    record Reply(Response response, int bytesSent, int bytesReceived) {
    }

    private final FrameChannel channel;
    private final WireCodec codec;
    private final byte[] session;
    private final AtomicLong callIds = new AtomicLong();
    private final ConcurrentHashMap<Long, Exchange> inFlight = new ConcurrentHashMap<>();
    /** Whether a caller is reading the connection now. */
    private final AtomicBoolean reading = new AtomicBoolean();
    private volatile @Nullable IOException failure;
    /** The largest request the server reads. */
    private volatile int requestLimit = Integer.MAX_VALUE;

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
    static ClientConnection open(Address address, byte[] key, byte[] join, int maxFrameBytes, WireCodec codec,
            io.managedobjects.internal.wire.@Nullable Tls tls) {
        boolean interrupted = Thread.interrupted();
        try {
            return connect(address, key, join, maxFrameBytes, codec, tls);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static ClientConnection connect(Address address, byte[] key, byte[] join, int maxFrameBytes, WireCodec codec,
            io.managedobjects.internal.wire.@Nullable Tls tls) {
        FrameChannel channel;
        try {
            channel = FrameChannel.connectUninterruptibly(address, maxFrameBytes, CONNECT_TIMEOUT);
        } catch (IOException e) {
            throw new ManagerConnectionException("Cannot connect to the manager server at " + address + ": " + e.getMessage()
                    + " (is the server running? check the address)", e);
        }
        ScheduledFuture<?> timeout = TIMER.schedule(channel::close, HANDSHAKE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        try {
            byte[] session = Handshake.client(channel, key, ProcessHandle.current().pid(), Thread.currentThread().getId(), join,
                    tls == null ? null : tls.clientEngine(address));
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
     * Sends one call and waits for its reply.
     *
     * @param wait how the reply is awaited: {@link Wait#INTERRUPTIBLE} calls are cancelled on the server when
     *     the caller is interrupted
     * @return the reply
     * @throws InterruptedException only for an interruptible call that the server cancelled
     * @throws IOException if the connection fails (it is then closed, and every call on it fails)
     */
    Reply call(String target, String method, @Nullable Object[] args, RefResolver refs, Wait wait)
            throws IOException, InterruptedException {
        if (wait == Wait.INTERRUPTIBLE && Thread.interrupted()) {
            throw new InterruptedException();
        }
        long callId = callIds.incrementAndGet();
        // a value that may not be sent fails here, and nothing is sent (the interrupt status is untouched)
        byte[] request = codec.encodeRequest(callId, Thread.currentThread().getId(), target, method, args, refs);
        boolean interruptedBefore = Thread.interrupted();
        Exchange exchange = new Exchange(callId, wait == Wait.INTERRUPTIBLE);
        exchange.interrupted = interruptedBefore;
        inFlight.put(callId, exchange);
        try {
            IOException failed = failure;
            if (failed != null) {
                throw failed;
            }
            if (request.length > requestLimit) {
                throw tooLarge(method, request.length, null);
            }
            try {
                channel.write(request);
            } catch (FrameTooLargeException e) {
                // refused before a byte was written: the connection the other threads share is fine
                throw tooLarge(method, request.length, e);
            } catch (IOException e) {
                throw fail(e);
            }
            awaitReply(exchange);
            byte[] reply = exchange.reply;
            if (reply == null) {
                throw Objects.requireNonNull(failure);
            }
            Response response = codec.decodeResponse(reply, refs);
            ErrorInfo error = response.error();
            if (exchange.cancelSent && error != null && error.className().equals(InterruptedException.class.getName())) {
                exchange.interrupted = false;
                throw new InterruptedException("Interrupted while waiting in " + method);
            }
            return new Reply(response, request.length, reply.length);
        } finally {
            inFlight.remove(callId);
            handOffReading();
            if (exchange.interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private ManagerException tooLarge(String method, int length, @Nullable Exception cause) {
        return new RequestTooLargeException("The call '" + method + "' is " + length + " bytes, above the frame limit of "
                + Math.min(requestLimit, channel.maxFrameBytes()) + " bytes: nothing was sent. Send it in parts, or raise "
                + "maxFrameBytes on both sides", cause);
    }

    /** @return whether a call on this connection waits for its reply */
    boolean hasCallsInFlight() {
        return !inFlight.isEmpty();
    }

    /**
     * Limits requests to what the server reads (its frame limit, if smaller than this side's): a larger one
     * fails before it is sent, instead of making the server close the connection every thread shares.
     *
     * @param limit the largest request the server reads
     */
    void limitRequests(int limit) {
        requestLimit = limit;
    }

    /**
     * Waits until the exchange has its reply or the connection failed, reading the connection when no one
     * else does.
     *
     * An interrupt meanwhile is kept in {@link Exchange#interrupted} (the status is cleared so the wait can go
     * on, and restored when the call ends, whatever the outcome).
     */
    private void awaitReply(Exchange exchange) throws IOException {
        while (exchange.reply == null) {
            IOException failed = failure;
            if (failed != null) {
                throw failed;
            }
            if (reading.compareAndSet(false, true)) {
                try {
                    readUntilReplied(exchange);
                } finally {
                    reading.set(false);
                    exchange.interrupted |= Thread.interrupted();
                }
                continue;
            }
            LockSupport.parkNanos(this, PARK_NANOS);
            if (Thread.interrupted()) {
                exchange.interrupted = true;
                requestCancel(exchange);
            }
        }
    }

    /** Reads replies, handing each to its caller, until this exchange has its own. */
    private void readUntilReplied(Exchange exchange) throws IOException {
        // the reader never waits to write (a long write of another thread may be waiting for the server, which
        // may be waiting for this side to read): the cancellation is written by another thread
        Runnable onInterrupt = () -> {
            if (exchange.interruptible && !exchange.cancelSent && exchange.reply == null) {
                CANCELS.execute(() -> requestCancel(exchange));
            }
        };
        while (exchange.reply == null) {
            byte[] frame;
            try {
                frame = channel.read(onInterrupt);
            } catch (IOException e) {
                throw fail(e);
            }
            long callId = codec.peekCallId(frame);
            if (callId == exchange.callId) {
                exchange.reply = frame;
                return;
            }
            Exchange other = inFlight.get(callId);
            if (other != null) {
                other.reply = frame;
                LockSupport.unpark(other.caller);
            }
            // else the reply to a cancellation: no one waits for it
        }
    }

    /** When no one reads, wakes a caller still waiting, so that it reads. */
    private void handOffReading() {
        if (reading.get() || inFlight.isEmpty()) {
            return;
        }
        for (Exchange waiting : inFlight.values()) {
            if (waiting.reply == null) {
                LockSupport.unpark(waiting.caller);
                return;
            }
        }
    }

    /** Asks the server, once, to cancel an interruptible call; its reply says whether it was cancelled or granted. */
    private void requestCancel(Exchange exchange) {
        if (!exchange.interruptible || exchange.cancelSent || exchange.reply != null) {
            return;
        }
        exchange.cancelSent = true;
        try {
            channel.write(codec.encodeRequest(callIds.incrementAndGet(), exchange.caller.getId(), Request.SERVER, "cancel",
                    new Object[] {exchange.callId}, NO_REFS));
        } catch (IOException e) {
            fail(e);
        }
    }

    private static final RefResolver NO_REFS = new RefResolver() {
        @Override
        public io.managedobjects.@Nullable SharedRef toRef(Object value) {
            return null;
        }

        @Override
        public Object fromRef(io.managedobjects.SharedRef ref) {
            throw new IllegalStateException("no reference expected");
        }
    };

    /** The connection failed: every call on it fails, and it is closed. */
    private IOException fail(IOException e) {
        IOException first;
        synchronized (this) {
            if (failure == null) {
                failure = e;
            }
            first = failure;
        }
        channel.close();
        for (Exchange waiting : inFlight.values()) {
            LockSupport.unpark(waiting.caller);
        }
        return first;
    }

    /**
     * Sends a call without waiting for its reply (a pipeline's connection).
     *
     * @param register told the call id before the request is written, so the reply finds its caller
     * @return the call id
     */
    long send(String target, String method, @Nullable Object[] args, RefResolver refs,
            java.util.function.LongConsumer register) throws IOException {
        // its own lock, not this connection's: closing the connection never waits for a write that may never end
        synchronized (sendLock) {
            long callId = callIds.incrementAndGet();
            byte[] request = codec.encodeRequest(callId, Thread.currentThread().getId(), target, method, args, refs);
            register.accept(callId);
            channel.write(request);
            return callId;
        }
    }

    /** Keeps a pipeline's calls in the order they were registered. */
    private final Object sendLock = new Object();

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

    boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() {
        close("the connection was closed");
    }

    /**
     * Closes the connection: calls waiting on it fail, saying why.
     *
     * @param reason what their failures say
     */
    void close(String reason) {
        fail(new IOException(reason));
    }
}
