package io.managedobjects.internal.client;

import io.managedobjects.ManagerConnectionException;
import io.managedobjects.Pipeline;
import io.managedobjects.SharedRef;
import io.managedobjects.internal.codec.Response;
import java.io.IOException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A pipeline: calls recorded from proxies are written to a connection of their own without waiting;
 * a reader thread completes their futures as the replies arrive. At most {@value #WINDOW} calls are in
 * flight, so memory stays bounded however fast calls are sent.
 */
final class PipelineImpl implements Pipeline {

    private static final int WINDOW = 4096;
    private static final ThreadLocal<Recorder> RECORDING = new ThreadLocal<>();

    /** One recorded remote call. */
    record Recorded(SharedRef target, String method, @Nullable Method userMethod, @Nullable Object[] args) {
    }

    /** Collects the remote calls a function makes on a proxy instead of sending them. */
    static final class Recorder {
        final List<Recorded> calls = new ArrayList<>(1);
    }

    /** A call sent and not yet answered; its arguments stay reachable until then (a proxy among them keeps its object). */
    private record Pending(CompletableFuture<Object> future, @Nullable Method userMethod, @Nullable Object[] args) {
    }

    private final ClientManager manager;
    private final ClientConnection connection;
    private final ConcurrentHashMap<Long, Pending> pending = new ConcurrentHashMap<>();
    private final Semaphore window = new Semaphore(WINDOW);
    private final Thread reader;
    private volatile @Nullable Throwable failure;
    private volatile boolean closed;

    PipelineImpl(ClientManager manager, ClientConnection connection) {
        this.manager = manager;
        this.connection = connection;
        this.reader = new Thread(this::readReplies, "managed-objects-pipeline");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * The recorder of the current thread, if it is recording a pipelined call.
     *
     * @return the recorder, or null for a normal call
     */
    static @Nullable Recorder recording() {
        return RECORDING.get();
    }

    @Override
    public <T, R> CompletableFuture<R> call(T target, Function<? super T, R> call) {
        Recorder recorder = new Recorder();
        RECORDING.set(recorder);
        try {
            call.apply(target);
        } finally {
            RECORDING.remove();
        }
        if (recorder.calls.size() != 1) {
            throw new IllegalArgumentException("A pipelined call must make exactly one remote call on its proxy, e.g. "
                    + "m -> m.put(k, v); this one made " + recorder.calls.size());
        }
        Recorded recorded = recorder.calls.get(0);
        checkOpen();
        window.acquireUninterruptibly();
        CompletableFuture<Object> future = new CompletableFuture<>();
        try {
            long callId = connection.send(recorded.target().id(), recorded.method(), recorded.args(), manager.encodingRefs(),
                    id -> pending.put(id, new Pending(future, recorded.userMethod(), recorded.args())));
            if (failure != null && pending.remove(callId) != null) {
                window.release();
                future.completeExceptionally(lost());
            }
        } catch (IOException e) {
            window.release();
            fail(e);
            throw lost();
        } catch (RuntimeException e) {
            window.release();
            throw e;
        }
        @SuppressWarnings("unchecked")
        CompletableFuture<R> typed = (CompletableFuture<R>) (CompletableFuture<?>) future;
        return typed;
    }

    private void readReplies() {
        try {
            while (true) {
                Response response = connection.receive(manager.encodingRefs());
                Pending waiting = pending.remove(response.callId());
                if (waiting == null) {
                    throw new IOException("a reply to call " + response.callId() + ", which was not sent");
                }
                window.release();
                if (response.error() != null) {
                    waiting.future().completeExceptionally(RemoteErrors.rebuild(response.error(), manager.codec().policy(),
                            waiting.userMethod()));
                } else {
                    waiting.future().complete(response.value());
                }
            }
        } catch (IOException | RuntimeException e) {
            fail(closed ? new IOException("the pipeline was closed") : e);
        }
    }

    private void fail(Throwable cause) {
        failure = cause;
        connection.close();
        for (Long id : new ArrayList<>(pending.keySet())) {
            Pending waiting = pending.remove(id);
            if (waiting != null) {
                window.release();
                waiting.future().completeExceptionally(lost());
            }
        }
    }

    private ManagerConnectionException lost() {
        Throwable cause = failure;
        return new ManagerConnectionException(closed ? "The pipeline is closed"
                : "The pipeline's connection to the manager server failed: " + (cause == null ? "" : cause.getMessage()), cause);
    }

    private void checkOpen() {
        if (closed || failure != null) {
            throw lost();
        }
    }

    @Override
    public void flush() throws InterruptedException {
        window.acquire(WINDOW);
        window.release(WINDOW);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closed = true;
        connection.close();
        try {
            reader.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
