package io.managedobjects.internal.server;

import io.managedobjects.ManagerException;
import io.managedobjects.internal.codec.ErrorInfo;
import io.managedobjects.internal.codec.MalformedInputException;
import io.managedobjects.internal.codec.Request;
import io.managedobjects.internal.codec.WireCodec;
import java.util.ArrayDeque;
import java.util.HashMap;
import org.jspecify.annotations.Nullable;

/**
 * Runs the requests of one connection, from the operation descriptors of their targets ({@link Operation}).
 * A request on a built-in object is answered on the connection's reading thread (it never waits: a blocking
 * operation parks its call); one that runs user code is handed to a worker, so a user method that runs for
 * minutes holds up no other call on the connection. Requests of one calling thread run in the order they
 * came (a pipeline's). Every reply is sent from a thread that holds no lock.
 */
final class Dispatcher {

    private static final MethodTable SERVER_OPERATIONS = MethodTable.of(ServerOps.class);

    /** A request waiting for an earlier one of its calling thread. */
    private record Queued(Request request, boolean passedRefs) {
    }

    private final ServerEngine engine;
    private final ServerConnection connection;
    private final ServerRefs refs;
    private final ServerOps ops;
    private final Outbox outbox;
    /** The references counted by the reply being made on the reading thread (reused request after request). */
    private final ReplyRefs replyRefs;
    /**
     * Calling threads with a request running on a worker, and the requests of theirs that came meanwhile
     * (they run after it, in order). Touched by the reading thread and the workers, under its own monitor.
     */
    private final HashMap<Long, ArrayDeque<Queued>> busyThreads = new HashMap<>();
    private volatile int onWorkers;

    Dispatcher(ServerEngine engine, ServerConnection connection, ServerRefs refs, ServerOps ops, Outbox outbox) {
        this.engine = engine;
        this.connection = connection;
        this.refs = refs;
        this.ops = ops;
        this.outbox = outbox;
        this.replyRefs = connection.newReplyRefs();
    }

    /**
     * Decodes a request and answers it here, or hands it to a worker (user code), or queues it behind its
     * thread's. Called by the connection's reading thread only.
     *
     * @param codec the server's codec
     * @param payload the request frame
     * @throws MalformedInputException if the frame is not a request at all (the connection is then closed)
     */
    void dispatch(WireCodec codec, byte[] payload) {
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
        connection.countCall();
        if (isCancel(request)) {
            // never queued: the call it cancels is parked, and its thread waits for this
            answer(request, passedRefs, replyRefs);
            return;
        }
        if (onWorkers > 0) {
            synchronized (busyThreads) {
                ArrayDeque<Queued> waiting = busyThreads.get(request.thread());
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
            busyThreads.put(request.thread(), new ArrayDeque<>());
            onWorkers++;
        }
        engine.workers().execute(() -> runOnWorker(request, passedRefs));
    }

    /**
     * Runs a request on a worker, then those of its thread that came meanwhile. The thread's entry is gone
     * before its caller can see the last reply, so the caller's next request (a blocking one, and the
     * cancellation of it) runs as any other.
     */
    private void runOnWorker(Request first, boolean firstPassedRefs) {
        long thread = first.thread();
        Request request = first;
        boolean passedRefs = firstPassedRefs;
        boolean done = false;
        try {
            while (true) {
                ReplyRefs counted = connection.newReplyRefs();
                Object reply = connection.isOpen() ? run(request, passedRefs, counted) : null;
                Queued next;
                synchronized (busyThreads) {
                    ArrayDeque<Queued> waiting = busyThreads.get(thread);
                    next = waiting == null ? null : waiting.pollFirst();
                    if (next == null) {
                        busyThreads.remove(thread);
                        onWorkers--;
                        done = true;
                    }
                }
                send(reply, counted);
                if (next == null) {
                    return;
                }
                request = next.request();
                passedRefs = next.passedRefs();
            }
        } finally {
            if (!done) {
                // something beyond a call's own failure (out of memory): the requests queued here would never be
                // answered, so the connection goes, and its callers learn it at once
                synchronized (busyThreads) {
                    busyThreads.remove(thread);
                    onWorkers--;
                }
                connection.close();
            }
        }
    }

    /** Whether a request runs user code (a user object's method, a user constructor) or may wait for its monitor. */
    private boolean runsUserCode(Request request) {
        if (request.target().isEmpty()) {
            return ServerOps.runsUserCode(request.method(), request.args());
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
        send(run(request, passedRefs, counted), counted);
    }

    /**
     * Runs a request; its failure becomes its reply.
     *
     * @return the encoded reply, a {@link PreparedReply}, or null if the call parked
     */
    private @Nullable Object run(Request request, boolean passedRefs, ReplyRefs counted) {
        try {
            return execute(request, counted, passedRefs);
        } catch (Throwable t) {
            counted.undo();
            try {
                return connection.replyCodec().encodeError(request.callId(), ErrorInfo.of(t));
            } catch (RuntimeException unexplained) {
                return connection.replyCodec().encodeError(request.callId(), ErrorInfo.of(new ManagerException(
                        "'" + request.method() + "' failed with a " + t.getClass().getName() + " that could not be described")));
            }
        }
    }

    private void send(@Nullable Object reply, ReplyRefs counted) {
        if (reply instanceof PreparedReply prepared) {
            Runnable undelivered = prepared.undelivered();
            if (!outbox.send(prepared.bytes(), prepared.refs(), true, undelivered) && undelivered != null) {
                // never written: what the reply took (an item) goes back; this thread holds no lock
                undelivered.run();
            }
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
        Call caller = op.takesCall() ? new Call(connection, request.callId(), request.thread(), request.method(), host.monitor()) : null;
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
        return connection.encodeResult(request.callId(), request.method(), result, r);
    }

}
