package io.managedobjects.internal.server;

import java.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;

/**
 * The caller of one request, handed to host operations that declare it as their first parameter: who
 * calls (owner = process and thread, session = client manager) and, for blocking operations, the means
 * to park the call and complete it later from another connection's thread, a timer, or a cancellation.
 *
 * <p>Every method here must be called under the host's monitor ({@link Host#monitor()}). A parked
 * call blocks nothing on the server: its connection thread goes back to reading, so it sees the
 * caller's cancellation (an interrupt) or its death (end of stream) at once.
 */
final class Call implements ImmediateCall {

    /** Returned by a host operation that parked the call: the reply is sent later. */
    public static final Object PENDING = new Object() {
        @Override
        public String toString() {
            return "PENDING";
        }
    };

    /** What a host does when a parked call is aborted. */
    @FunctionalInterface
    public interface AbortHandler {

        /**
         * Removes the call from the host's waiting structures, under the host's monitor.
         *
         * @param call the aborted call
         * @param callerGone true if the caller's connection is gone (no reply is possible), false if the
         *     caller cancelled (an interrupt): the host then replies, typically by failing the call with
         *     {@link InterruptedException}
         */
        void abort(Call call, boolean callerGone);
    }

    private static final String LOCAL_REFUSAL = " cannot be called from inside a hosted object's method: it waits, or "
            + "needs the caller's session (an owner); call it from a client process instead";

    /** The caller's connection; null for a call a hosted object makes through a server-side proxy. */
    private final @Nullable ServerConnection connection;
    private final long callId;
    /** The calling thread's id in the client process. */
    private final long thread;
    private final String method;
    private final Object monitor;
    private @Nullable PreparedReply prepared;
    private @Nullable AbortHandler onAbort;
    private @Nullable ScheduledFuture<?> timer;
    private boolean parked;
    private boolean done;
    /** What the host does if the reply, once accepted for sending, never reaches the caller. */
    private @Nullable Runnable onUndelivered;
    /** Host-specific state of a parked call (the item a putter offers, the permits it wants, ...). */
    private @Nullable Object attachment;

    Call(ServerConnection connection, long callId, long thread, String method, Object monitor) {
        this.connection = connection;
        this.callId = callId;
        this.thread = thread;
        this.method = method;
        this.monitor = monitor;
    }

    private Call(String method, Object monitor) {
        this.connection = null;
        this.callId = 0;
        this.thread = 0;
        this.method = method;
        this.monitor = monitor;
    }

    /**
     * The caller of an operation a hosted object calls through a server-side proxy: it is answered at
     * once or not at all; an operation that would wait or needs an owner is refused.
     *
     * @param method the operation
     * @param monitor the host's monitor
     * @return the call
     */
    static Call local(String method, Object monitor) {
        return new Call(method, monitor);
    }

    private ServerConnection connection() {
        if (connection == null) {
            throw new UnsupportedOperationException("'" + method + "'" + LOCAL_REFUSAL);
        }
        return connection;
    }

    /**
     * The owner of what the call acquires: the session the server assigned to the calling client manager,
     * and the calling thread. Nothing the client says about itself (its pid) takes part.
     *
     * @return {@code session:thread}
     */
    public String owner() {
        return connection().sessionId() + ":" + thread;
    }

    /** @return the session (client manager) of the call */
    public String session() {
        return connection().sessionId();
    }

    /** @return whether the caller's session is still open (what it holds is released when it ends) */
    public boolean sessionOpen() {
        ServerConnection c = connection();
        return c.engine().isSessionOpen(c.sessionId());
    }

    /** @return whether the caller's connection is still open (a reply that failed was then refused, not lost) */
    public boolean connectionOpen() {
        return connection != null && connection.isOpen();
    }

    /** @return a readable description of the caller, for {@code info()} */
    public String describe() {
        ServerConnection c = connection();
        return "pid " + c.pid() + " thread " + thread;
    }

    /**
     * Parks the call until the host completes it or it is aborted.
     *
     * @param onAbort what to do if the caller cancels or disappears
     * @return {@link #PENDING}, for the host operation to return
     */
    public Object park(AbortHandler onAbort) {
        ServerConnection c = connection();
        this.onAbort = onAbort;
        this.parked = true;
        c.parked(this);
        return PENDING;
    }

    /**
     * Parks the call with a timeout.
     *
     * @param timeoutNanos how long to wait (zero or less: the timeout fires at once)
     * @param onTimeout what the host does when it fires (under its monitor; only if still parked)
     * @param onAbort what to do if the caller cancels or disappears
     * @return {@link #PENDING}
     */
    public Object park(long timeoutNanos, Runnable onTimeout, AbortHandler onAbort) {
        park(onAbort);
        timer = connection().engine().schedule(() -> {
            synchronized (monitor) {
                if (!done) {
                    onTimeout.run();
                }
            }
        }, Math.max(0, timeoutNanos));
        return PENDING;
    }

    /**
     * Encodes the reply of a call that is answered now, before the host changes anything: a host that
     * takes out what it returns (a queue's {@code take}, a map's {@code remove}) calls this first and
     * returns what it gives, so that a result its caller cannot receive (of a class the caller does not
     * trust, or above its frame limit) fails the call and stays where it is.
     *
     * @param result the result the operation will return
     * @return what the host operation returns instead of the result
     * @throws io.managedobjects.DisallowedTypeException if the caller may not receive a class in it
     * @throws io.managedobjects.ManagerException if it is above the caller's frame limit
     */
    @Override
    public @Nullable Object prepare(@Nullable Object result) {
        if (connection == null) {
            return result;
        }
        discardPrepared();
        PreparedReply reply = connection.prepareReply(callId, method, result, undeliveredHook());
        prepared = reply;
        return reply;
    }

    /** The prepared reply is not sent (the operation failed after preparing it): gives back its references. */
    void discardPrepared() {
        discardPreparedUnless(null);
    }

    /**
     * Gives back the references of a prepared reply that the operation did not return after all (it
     * prepared one value, then returned another).
     *
     * @param returned what the operation returned
     */
    void discardPreparedUnless(@Nullable Object returned) {
        PreparedReply reply = prepared;
        if (reply != null && reply != returned) {
            prepared = null;
            reply.refs().undo();
        }
    }

    /**
     * Sends the result of a parked call.
     *
     * @param result the result
     * @return false if the call was already completed, its caller is gone, or the result could not be
     *     sent to it (the caller got an error instead: a class it does not trust, a reply above its frame
     *     limit): the host must then undo what it granted, e.g. keep the item
     */
    public boolean complete(@Nullable Object result) {
        if (done) {
            return false;
        }
        finish();
        return connection().replyLater(callId, method, result, null, undeliveredHook());
    }

    /**
     * Says what the host does if the reply of this call, accepted for sending ({@link #complete} or
     * {@link #fail} returned true), is never written after all (the connection failed first): the grant it
     * carries goes back (the item to the queue's head, the lock or the permits to the next waiter). Set it
     * before completing the call; it runs later, under the host's monitor.
     *
     * @param undo what the host does
     * @return this call
     */
    @Override
    public Call onUndelivered(Runnable undo) {
        this.onUndelivered = undo;
        return this;
    }

    private @Nullable Runnable undeliveredHook() {
        Runnable undo = onUndelivered;
        if (undo == null) {
            return null;
        }
        return () -> {
            synchronized (monitor) {
                undo.run();
            }
        };
    }

    /**
     * Fails a parked call.
     *
     * @param error the exception the caller gets
     * @return false if the call was already completed or its caller is gone
     */
    public boolean fail(Throwable error) {
        if (done) {
            return false;
        }
        finish();
        return connection().replyLater(callId, method, null, error, undeliveredHook());
    }

    private void finish() {
        done = true;
        ScheduledFuture<?> t = timer;
        if (t != null) {
            t.cancel(false);
        }
        connection().unparked(this);
    }

    /**
     * Aborts a parked call: the caller cancelled it, or is gone.
     *
     * @param callerGone whether the caller's connection is gone
     */
    void abort(boolean callerGone) {
        synchronized (monitor) {
            if (done || !parked || onAbort == null) {
                return;
            }
            onAbort.abort(this, callerGone);
            if (callerGone && !done) {
                finish();
            }
        }
    }

    /** @return whether the call was completed (or given up) */
    public boolean isDone() {
        return done;
    }

    /** @return the call id */
    long callId() {
        return callId;
    }

    /**
     * Host-specific state kept with a parked call.
     *
     * @param <T> its type
     * @return the attachment
     */
    @SuppressWarnings("unchecked")
    public <T> T attachment() {
        return (T) attachment;
    }

    /**
     * Sets host-specific state kept with a parked call.
     *
     * @param attachment the state
     * @return this call
     */
    public Call attach(@Nullable Object attachment) {
        this.attachment = attachment;
        return this;
    }
}
