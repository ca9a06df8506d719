package io.managedobjects.internal.server;

import io.managedobjects.AuthenticationException;
import io.managedobjects.ConnectionInfo;
import io.managedobjects.ManagerException;
import io.managedobjects.internal.codec.Conversions;
import io.managedobjects.internal.codec.ErrorInfo;
import io.managedobjects.internal.codec.MalformedInputException;
import io.managedobjects.internal.codec.Request;
import io.managedobjects.internal.codec.WireCodec;
import io.managedobjects.internal.wire.FrameChannel;
import io.managedobjects.internal.wire.FrameTooLargeException;
import io.managedobjects.internal.wire.Handshake;
import java.io.EOFException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.reflect.InvocationTargetException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One client connection on the server. Its thread runs the handshake, then reads requests: a request on a
 * built-in object is answered on this thread (it never waits: a blocking operation parks its call), one
 * that runs user code is handed to a worker thread, so a user method that runs for minutes holds up no
 * other call on this connection. Requests of one calling thread run in the order they came (a pipeline's).
 * Replies leave through the connection's {@link Outbox}, never written under an object's lock.
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
    private @Nullable ServerOps ops;
    private final Outbox outbox;
    /** The references counted by the reply being made on this connection's thread (reused request after request). */
    private @Nullable ReplyRefs replyRefs;
    /**
     * Calling threads with a request running on a worker, and the requests of theirs that came meanwhile
     * (they run after it, in order). Touched by the reading thread and the workers, under its own monitor.
     */
    private final java.util.HashMap<Long, java.util.ArrayDeque<Queued>> busyThreads = new java.util.HashMap<>();
    private volatile int onWorkers;

    /** A request waiting for an earlier one of its calling thread. */
    private record Queued(Request request, boolean passedRefs) {
    }

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
     * @return false if the connection is gone, or the result was replaced by an error (the host keeps
     *     what it would have handed over)
     */
    boolean replyLater(long callId, String method, @Nullable Object value, @Nullable Throwable error) {
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
        return outbox.send(reply, counted, false) && delivered;
    }

    /** Encodes a reply now, for {@link Call#prepare}; gives back what it counted if it fails. */
    PreparedReply prepareReply(long callId, String method, @Nullable Object value) {
        ReplyRefs counted = newReplyRefs();
        return new PreparedReply(encodeResult(callId, method, value, counted), counted);
    }

    private ReplyRefs newReplyRefs() {
        return new ReplyRefs(refs, engine.registry(), session);
    }

    /** The codec of replies: with the allow-list this client manager shares with the server. */
    private WireCodec replyCodec() {
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
    private byte[] encodeResult(long callId, String method, @Nullable Object value, ReplyRefs counted) {
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
            Handshake.Peer peer = Handshake.server(channel, engine.authKey(), sessions);
            pid = peer.pid();
            Session s = joined[0];
            session = s;
            refs = new ServerRefs(engine.registry(), engine.localChannel(), s);
            ops = new ServerOps(engine, engine.registry(), s, this);
            replyRefs = new ReplyRefs(refs, engine.registry(), s);
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
                dispatch(codec, payload);
            } catch (MalformedInputException e) {
                ServerEngine.LOG.log(Level.WARNING, "Closed connection {0} (pid {1}): {2}", id, pid, e.getMessage());
                return;
            }
        }
    }

    /** Decodes a request and answers it here, or hands it to a worker (user code), or queues it behind its thread's. */
    private void dispatch(WireCodec codec, byte[] payload) {
        ServerRefs r = refs;
        Request request;
        try {
            request = codec.decodeRequest(payload, r);
        } catch (RuntimeException e) {
            r.takeDecodedCount();
            long callId = codec.peekCallId(payload);
            if (callId < 0) {
                throw new MalformedInputException("a request without a call id");
            }
            outbox.send(codec.encodeError(callId, ErrorInfo.of(e)), null, true);
            return;
        }
        boolean passedRefs = r.takeDecodedCount() > 0;
        calls++;
        if (isCancel(request)) {
            // never queued: the call it cancels is parked, and its thread waits for this
            answer(request, passedRefs, replyRefs);
            return;
        }
        if (onWorkers > 0) {
            synchronized (busyThreads) {
                java.util.ArrayDeque<Queued> waiting = busyThreads.get(request.thread());
                if (waiting != null) {
                    waiting.addLast(new Queued(request, passedRefs));
                    return;
                }
            }
        }
        if (!runsUserCode(request)) {
            answer(request, passedRefs, replyRefs);
            return;
        }
        synchronized (busyThreads) {
            busyThreads.put(request.thread(), new java.util.ArrayDeque<>());
            onWorkers++;
        }
        engine.workers().execute(() -> runOnWorker(request, passedRefs));
    }

    /** Runs a request on a worker, then those of its thread that came meanwhile. */
    private void runOnWorker(Request first, boolean firstPassedRefs) {
        Request request = first;
        boolean passedRefs = firstPassedRefs;
        while (true) {
            if (channel.isOpen()) {
                answer(request, passedRefs, newReplyRefs());
            }
            synchronized (busyThreads) {
                java.util.ArrayDeque<Queued> waiting = busyThreads.get(first.thread());
                Queued next = waiting == null ? null : waiting.pollFirst();
                if (next == null) {
                    busyThreads.remove(first.thread());
                    onWorkers--;
                    return;
                }
                request = next.request();
                passedRefs = next.passedRefs();
            }
        }
    }

    /** Whether a request runs user code (a user object's method, a user constructor) or may wait for its monitor. */
    private boolean runsUserCode(Request request) {
        if (request.target().isEmpty()) {
            Operation op = SERVER_OPERATIONS.find(request.method());
            return op != null && op.runsUserCode();
        }
        HostedObject object = engine.registry().find(request.target());
        return object != null && object.runsUserCode();
    }

    /**
     * Runs a request and sends its reply (unless the call parked), from a thread that holds no lock.
     *
     * @param counted counts the references of the reply: this thread's own
     */
    private void answer(Request request, boolean passedRefs, ReplyRefs counted) {
        Object reply;
        try {
            reply = execute(request, counted, passedRefs);
        } catch (Throwable t) {
            counted.undo();
            reply = replyCodec().encodeError(request.callId(), ErrorInfo.of(t));
        }
        if (reply instanceof PreparedReply prepared) {
            outbox.send(prepared.bytes(), prepared.refs(), true);
        } else if (reply instanceof byte[] bytes) {
            outbox.send(bytes, counted.detach(), true);
        }
    }

    private static boolean isCancel(Request request) {
        return request.target().isEmpty() && request.method().equals("cancel");
    }

    /**
     * Runs a request and encodes its result. A host's result is encoded under the host's monitor, so a
     * reference taken out of a container is counted for the caller before anyone else can see the change.
     *
     * @return the encoded reply, a {@link PreparedReply}, or null if the call parked
     */
    private @Nullable Object execute(Request request, ReplyRefs r, boolean passedRefs) throws Throwable {
        if (request.target().isEmpty()) {
            Operation op = SERVER_OPERATIONS.find(request.method());
            Object result = Invoker.invoke(op == null ? null : op.method(), ops, request, null);
            if (passedRefs && result instanceof ServerRefs.Created created) {
                created.object().markMayHoldRefs();
            }
            return encode(request, null, result, r);
        }
        HostedObject object = engine.registry().get(request.target());
        Operation op = object.methods().find(request.method());
        if (op == null) {
            throw new ManagerException("The shared " + object.type() + " has no remote operation '" + request.method() + "'");
        }
        object.countCall();
        if (passedRefs) {
            object.markMayHoldRefs();
        }
        Host host = object.host();
        Call caller = op.takesCall() ? new Call(this, request.callId(), request.thread(), request.method(), host.monitor()) : null;
        try {
            return object.underMonitor(() -> encode(request, caller, shared(object, op, LocalChannel.invoke(host, op.method(), request, caller)), r));
        } catch (Throwable t) {
            if (caller != null) {
                caller.discardPrepared();
            }
            throw t;
        } finally {
            if (object.mayHoldRefs()) {
                engine.registry().requestCollect();
            }
        }
    }

    private static final MethodTable SERVER_OPERATIONS = MethodTable.of(ServerOps.class);

    /** Hosts the result of a {@code @SharedResult} method; other results go back as values. */
    private @Nullable Object shared(HostedObject object, Operation op, @Nullable Object result) {
        if (result == null || result == Call.PENDING || !op.hostsResult()) {
            return result;
        }
        return ops.share(result, object, op.method());
    }

    private @Nullable Object encode(Request request, @Nullable Call caller, @Nullable Object result, ReplyRefs r) {
        if (caller != null) {
            caller.discardPreparedUnless(result);
        }
        if (result == Call.PENDING) {
            return null;
        }
        if (result instanceof PreparedReply prepared) {
            return prepared;
        }
        return encodeResult(request.callId(), request.method(), result, r);
    }

    void close() {
        outbox.close();
        channel.close();
    }
}
