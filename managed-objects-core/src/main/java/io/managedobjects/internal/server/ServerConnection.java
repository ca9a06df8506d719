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
import java.lang.reflect.Method;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One client connection on the server: handshake, then requests served in order on this thread.
 */
final class ServerConnection implements Runnable {

    private final ServerEngine engine;
    private final String id;
    private final FrameChannel channel;
    private final String remoteAddress;
    private volatile @Nullable Session session;
    private volatile long pid;
    private volatile @Nullable Instant connectedAt;
    private volatile long calls;
    private @Nullable ServerRefs refs;
    private @Nullable ServerOps ops;

    ServerConnection(ServerEngine engine, String id, FrameChannel channel, String remoteAddress) {
        this.engine = engine;
        this.id = id;
        this.channel = channel;
        this.remoteAddress = remoteAddress;
    }

    String id() {
        return id;
    }

    boolean authenticated() {
        return connectedAt != null;
    }

    ConnectionInfo info() {
        Instant at = connectedAt;
        return new ConnectionInfo(id, pid, remoteAddress, at == null ? Instant.EPOCH : at, calls, List.of());
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
            Session s = session;
            if (s != null) {
                engine.closeSession(s);
            }
            engine.removed(this);
        }
    }

    private boolean authenticate() {
        ScheduledFuture<?> timeout = engine.timers().schedule(() -> {
            if (connectedAt == null) {
                ServerEngine.LOG.log(Level.WARNING, "Closed connection {0} from {1}: no handshake within {2}", id, remoteAddress,
                        engine.handshakeTimeout());
                channel.close();
            }
        }, engine.handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        try {
            Handshake.Peer peer = Handshake.server(channel, engine.authKey());
            pid = peer.pid();
            Session s = engine.openSession(peer.session());
            session = s;
            refs = new ServerRefs(engine.registry(), s);
            ops = new ServerOps(engine, engine.registry(), s);
            connectedAt = Instant.now();
            return true;
        } catch (AuthenticationException e) {
            ServerEngine.LOG.log(Level.WARNING, "Rejected connection {0} from {1}: {2}", id, remoteAddress, e.getMessage());
            return false;
        } catch (IOException e) {
            ServerEngine.LOG.log(Level.DEBUG, "Connection {0} from {1} closed during the handshake: {2}", id, remoteAddress, e.toString());
            return false;
        } finally {
            timeout.cancel(false);
        }
    }

    private void serve() {
        WireCodec codec = engine.codec();
        while (channel.isOpen()) {
            byte[] payload;
            try {
                payload = channel.read();
            } catch (FrameTooLargeException e) {
                ServerEngine.LOG.log(Level.WARNING, "Closed connection {0} (pid {1}): {2}", id, pid, e.getMessage());
                return;
            } catch (EOFException e) {
                return;
            } catch (IOException e) {
                ServerEngine.LOG.log(Level.DEBUG, "Connection {0} failed: {1}", id, e.toString());
                return;
            }
            byte[] reply;
            try {
                reply = handle(codec, payload);
            } catch (MalformedInputException e) {
                ServerEngine.LOG.log(Level.WARNING, "Closed connection {0} (pid {1}): {2}", id, pid, e.getMessage());
                return;
            }
            try {
                channel.write(reply);
            } catch (IOException e) {
                return;
            }
        }
    }

    private byte[] handle(WireCodec codec, byte[] payload) {
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
            return codec.encodeError(callId, ErrorInfo.of(e));
        }
        boolean passedRefs = r.takeDecodedCount() > 0;
        calls++;
        byte[] reply;
        try {
            reply = execute(codec, request, r, passedRefs);
        } catch (Throwable t) {
            reply = codec.encodeError(request.callId(), ErrorInfo.of(t));
        }
        if (reply.length > engine.maxFrameBytes()) {
            reply = codec.encodeError(request.callId(), ErrorInfo.of(new ManagerException("The result of '" + request.method()
                    + "' is " + reply.length + " bytes, above the frame limit of " + engine.maxFrameBytes()
                    + " bytes: read it in parts, or raise maxFrameBytes")));
        }
        return reply;
    }

    /**
     * Runs a request and encodes its result. A host's result is encoded under the host's monitor, so a
     * reference taken out of a container is counted for the caller before anyone else can see the change.
     */
    private byte[] execute(WireCodec codec, Request request, ServerRefs r, boolean passedRefs) throws Throwable {
        if (request.target().isEmpty()) {
            Object result = call(MethodTable.of(ServerOps.class).find(request.method()), ops, request);
            if (passedRefs && result instanceof ServerRefs.Created created) {
                created.object().markMayHoldRefs();
            }
            return codec.encodeResult(request.callId(), result, r);
        }
        HostedObject object = engine.registry().get(request.target());
        Method method = object.methods().find(request.method());
        if (method == null) {
            throw new ManagerException("The shared " + object.type() + " has no remote operation '" + request.method() + "'");
        }
        object.countCall();
        if (passedRefs) {
            object.markMayHoldRefs();
        }
        Host host = object.host();
        try {
            if (host.concurrent()) {
                return codec.encodeResult(request.callId(), call(method, host, request), r);
            }
            synchronized (host) {
                if (object.isDestroyed()) {
                    throw new IllegalStateException("The shared object " + object.id() + " no longer exists: it was destroyed");
                }
                return codec.encodeResult(request.callId(), call(method, host, request), r);
            }
        } finally {
            if (object.mayHoldRefs()) {
                engine.registry().requestCollect();
            }
        }
    }

    private static @Nullable Object call(@Nullable Method method, @Nullable Object target, Request request) throws Throwable {
        if (method == null || target == null) {
            throw new ManagerException("The server has no operation '" + request.method() + "'");
        }
        Class<?>[] types = method.getParameterTypes();
        Object[] args = request.args();
        if (types.length != args.length) {
            throw new ManagerException("Operation '" + request.method() + "' takes " + types.length + " arguments, got " + args.length);
        }
        for (int i = 0; i < types.length; i++) {
            if (types[i].isPrimitive()) {
                if (args[i] == null) {
                    throw new NullPointerException("argument " + i + " of '" + request.method() + "' may not be null");
                }
                args[i] = Conversions.toPrimitive(types[i], args[i]);
            }
        }
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        } catch (IllegalArgumentException e) {
            throw new ManagerException("Wrong argument types for operation '" + request.method() + "': " + e.getMessage());
        }
    }

    void close() {
        channel.close();
    }
}
