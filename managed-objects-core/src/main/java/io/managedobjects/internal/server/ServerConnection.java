package io.managedobjects.internal.server;

import io.managedobjects.AuthenticationException;
import io.managedobjects.ConnectionInfo;
import io.managedobjects.ManagerException;
import io.managedobjects.internal.codec.ErrorInfo;
import io.managedobjects.internal.codec.MalformedInputException;
import io.managedobjects.internal.codec.WireCodec;
import io.managedobjects.internal.wire.FrameChannel;
import io.managedobjects.internal.wire.FrameTooLargeException;
import io.managedobjects.internal.wire.Handshake;
import java.io.EOFException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;

/**
 * One client connection on the server: the socket loop. Its thread runs the handshake, then reads requests
 * and hands each to the connection's {@link Dispatcher}; it keeps the connection's parked calls, encodes
 * replies for the client (its allow-list, its frame limit), and sends them through the connection's
 * {@link Outbox}, never written under an object's lock. Closing it aborts its parked calls and, with the
 * session's last connection, ends the session.
 */
final class ServerConnection implements Runnable {

    private final ServerEngine engine;
    private final String id;
    private final FrameChannel channel;
    private final String remoteAddress;
    private volatile @Nullable Session session;
    private volatile long pid;
    /** Parked calls by call id: answered later, cancelled by their caller, aborted when the connection closes. */
    private final java.util.concurrent.ConcurrentHashMap<Long, Call> parked = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile @Nullable Instant connectedAt;
    private volatile long calls;
    private @Nullable ServerRefs refs;
    private final Outbox outbox;
    /** Runs this connection's requests, once it is authenticated. */
    private @Nullable Dispatcher dispatcher;

    ServerConnection(ServerEngine engine, String id, FrameChannel channel, String remoteAddress) {
        this.engine = engine;
        this.id = id;
        this.channel = channel;
        this.remoteAddress = remoteAddress;
        this.outbox = new Outbox(channel, 2L * engine.maxFrameBytes(), this::close);
    }

    String id() {
        return id;
    }

    String remoteAddress() {
        return remoteAddress;
    }

    private static final int PENDING = 0;
    private static final int ADMITTED = 1;
    private static final int DROPPED = 2;
    /** Pending until authenticated and admitted within the limit, or dropped (evicted, or too slow): whichever comes first. */
    private final java.util.concurrent.atomic.AtomicInteger handshakeState = new java.util.concurrent.atomic.AtomicInteger(PENDING);

    /**
     * Closes the connection if it has not been admitted yet (a silent peer making room, or one too slow
     * to authenticate).
     *
     * @return whether it was dropped
     */
    boolean dropIfPending() {
        if (handshakeState.compareAndSet(PENDING, DROPPED)) {
            channel.close();
            return true;
        }
        return false;
    }

    boolean authenticated() {
        return connectedAt != null;
    }

    ConnectionInfo info(List<String> heldLocks) {
        Instant at = connectedAt;
        return new ConnectionInfo(id, pid, remoteAddress, at == null ? Instant.EPOCH : at, calls, heldLocks);
    }

    long pid() {
        return pid;
    }

    @Nullable Session session() {
        return session;
    }

    String sessionId() {
        Session s = session;
        return s == null ? "" : s.id;
    }

    ServerEngine engine() {
        return engine;
    }

    /** One more request read (only the reading thread counts). */
    void countCall() {
        calls++;
    }

    boolean isOpen() {
        return channel.isOpen();
    }

    /** @return when the write in progress on this connection began ({@link System#nanoTime()}), or 0 */
    long writeStalledSince() {
        return outbox.stalledSince();
    }

    void parked(Call call) {
        parked.put(call.callId(), call);
    }

    void unparked(Call call) {
        parked.remove(call.callId(), call);
    }

    /** Cancels the parked call with this id, as the caller asked (it was interrupted). */
    boolean cancel(long callId) {
        Call call = parked.get(callId);
        if (call == null) {
            return false;
        }
        call.abort(false);
        return true;
    }

    /**
     * Sends the reply of a call completed later, from whichever thread completes it. A result the client
     * cannot receive (a class it does not trust, above its frame limit) is replaced by that error.
     *
     * @param undelivered what the host does if the reply, once accepted, is never written (null: nothing)
     * @return false if the connection is gone, or the result was replaced by an error (the host keeps
     *     what it would have handed over)
     */
    boolean replyLater(long callId, String method, @Nullable Object value, @Nullable Throwable error, @Nullable Runnable undelivered) {
        // a reply of a call aborted because its connection closed cannot be sent: nothing is counted for it
        if (!channel.isOpen()) {
            return false;
        }
        byte[] reply;
        ReplyRefs counted = null;
        boolean delivered = true;
        if (error == null) {
            counted = newReplyRefs();
            try {
                reply = encodeResult(callId, method, value, counted);
            } catch (RuntimeException e) {
                reply = replyCodec().encodeError(callId, ErrorInfo.of(e));
                delivered = false;
            }
        } else {
            reply = replyCodec().encodeError(callId, ErrorInfo.of(error));
        }
        // under the host's monitor: the outbox writes it later, from a thread that holds no lock
        if (!delivered) {
            // the caller gets the error instead of the result: the host keeps what it would have handed over
            outbox.send(reply, counted, false);
            return false;
        }
        return outbox.send(reply, counted, false, undelivered);
    }

    /** Encodes a reply now, for {@link Call#prepare}; gives back what it counted if it fails. */
    PreparedReply prepareReply(long callId, String method, @Nullable Object value, @Nullable Runnable undelivered) {
        ReplyRefs counted = newReplyRefs();
        return new PreparedReply(encodeResult(callId, method, value, counted), counted, undelivered);
    }

    ReplyRefs newReplyRefs() {
        return new ReplyRefs(refs, engine.registry(), session);
    }

    /** The codec of replies: with the allow-list this client manager shares with the server. */
    WireCodec replyCodec() {
        Session s = session;
        WireCodec codec = s == null ? null : s.codec;
        return codec != null ? codec : engine.codec();
    }

    /**
     * Encodes a result for this connection's client, counting the references in it.
     *
     * @throws io.managedobjects.DisallowedTypeException if the client may not receive a class in it
     * @throws ManagerException if it is above the frame limit (the server's, or the client's if smaller);
     *     either way the references it counted are given back
     */
    byte[] encodeResult(long callId, String method, @Nullable Object value, ReplyRefs counted) {
        byte[] reply;
        try {
            reply = replyCodec().encodeResult(callId, value, counted);
        } catch (RuntimeException e) {
            counted.undo();
            throw e;
        }
        Session s = session;
        int clientLimit = s == null ? Integer.MAX_VALUE : s.maxFrameBytes;
        int limit = Math.min(engine.maxFrameBytes(), clientLimit);
        if (reply.length > limit) {
            counted.undo();
            throw new ManagerException("The result of '" + method + "' is " + reply.length + " bytes, above the frame limit of "
                    + limit + " bytes" + (clientLimit < engine.maxFrameBytes() ? " of this client" : "")
                    + ": read it in parts, or raise maxFrameBytes" + (clientLimit < engine.maxFrameBytes() ? " of this client" : ""));
        }
        return reply;
    }

    @Override
    public void run() {
        try {
            if (!authenticate()) {
                return;
            }
            serve();
        } finally {
            close();
            for (Call call : parked.values()) {
                call.abort(true);
            }
            Session s = session;
            if (s != null) {
                engine.closeSession(s);
            }
            engine.removed(this);
        }
    }

    private boolean authenticate() {
        ScheduledFuture<?> timeout = engine.schedule(() -> {
            if (dropIfPending()) {
                engine.handshakeWarnings().warn("Closed connection {0} from {1}: no handshake within {2}", id, remoteAddress,
                        engine.handshakeTimeout());
            }
        }, engine.handshakeTimeout().toNanos());
        Session[] joined = new Session[1];
        Handshake.Sessions sessions = new Handshake.Sessions() {
            @Override
            public boolean admit() throws IOException {
                if (!engine.reserveSlot()) {
                    return false;
                }
                if (!handshakeState.compareAndSet(PENDING, ADMITTED)) {
                    engine.releaseSlot();
                    throw new IOException("dropped while authenticating");
                }
                return true;
            }

            @Override
            public byte[] open() {
                joined[0] = engine.newSession();
                return java.util.HexFormat.of().parseHex(joined[0].id);
            }

            @Override
            public boolean join(byte[] id) {
                joined[0] = engine.joinSession(java.util.HexFormat.of().formatHex(id));
                return joined[0] != null;
            }
        };
        try {
            Handshake.Peer peer = Handshake.server(channel, engine.authKey(), sessions, engine.tlsEngine());
            pid = peer.pid();
            Session s = joined[0];
            session = s;
            refs = new ServerRefs(engine.registry(), engine.localChannel(), s);
            dispatcher = new Dispatcher(engine, this, refs, new ServerOps(engine, engine.registry(), s, this), outbox);
            connectedAt = Instant.now();
            engine.handshakeEnded(this, true);
            return true;
        } catch (AuthenticationException e) {
            engine.handshakeWarnings().warn("Rejected connection {0} from {1}: {2}", id, remoteAddress, e.getMessage());
            return false;
        } catch (IOException e) {
            ServerEngine.LOG.log(Level.DEBUG, "Connection {0} from {1} closed during the handshake: {2}", id, remoteAddress, e.toString());
            return false;
        } finally {
            timeout.cancel(false);
            if (connectedAt == null) {
                engine.handshakeEnded(this, false);
                if (handshakeState.get() == ADMITTED) {
                    engine.releaseSlot();
                }
            }
            if (joined[0] != null && session == null) {
                // counted for a session, but the handshake did not complete: the connection never served it
                engine.closeSession(joined[0]);
            }
        }
    }

    private void serve() {
        WireCodec codec = engine.codec();
        while (channel.isOpen()) {
            byte[] payload;
            try {
                payload = channel.read();
                Session s = session;
                if (s != null) {
                    s.lastSeen = System.nanoTime();
                }
            } catch (FrameTooLargeException e) {
                ServerEngine.LOG.log(Level.WARNING, "Closed connection {0} (pid {1}): {2}", id, pid, e.getMessage());
                return;
            } catch (EOFException e) {
                return;
            } catch (IOException e) {
                ServerEngine.LOG.log(Level.DEBUG, "Connection {0} failed: {1}", id, e.toString());
                return;
            }
            try {
                dispatcher.dispatch(codec, payload);
            } catch (MalformedInputException e) {
                ServerEngine.LOG.log(Level.WARNING, "Closed connection {0} (pid {1}): {2}", id, pid, e.getMessage());
                return;
            }
        }
    }

    void close() {
        outbox.close();
        channel.close();
    }
}
