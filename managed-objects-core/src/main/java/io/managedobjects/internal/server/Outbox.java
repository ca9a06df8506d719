package io.managedobjects.internal.server;

import io.managedobjects.internal.wire.FrameChannel;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The replies of one connection on their way out. Nothing is ever written to a socket under an object's
 * lock: a reply made there (the grant of a parked call, completed from another client's call or a timer)
 * is queued, and written by a drain thread; a reply made by a thread that holds no lock is written by
 * that thread at once when nothing is queued (no hand-off on the common path).
 *
 * <p>The queue is bounded in bytes, and a write that makes no progress for the write deadline is given
 * up ({@link #stalledSince()} is watched by the engine): a client that stops reading loses this
 * connection, and no one else ever waits for it.
 */
final class Outbox {

    private static final AtomicInteger DRAINER_IDS = new AtomicInteger();
    /** Writes queued replies; a thread blocked on a stalled client blocks only that connection's replies. */
    private static final ExecutorService DRAINERS = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "managed-objects-writer-" + DRAINER_IDS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    /**
     * A reply, the references it counted (given back if it is never written), and what its host does if a
     * grant it carries never reaches its caller.
     */
    private record Frame(byte[] bytes, @Nullable ReplyRefs refs, @Nullable Runnable undelivered) {

        /** The frame will never be written: give back what it carried (on a drain thread: no lock is held there). */
        void drop() {
            if (undelivered == null) {
                if (refs != null) {
                    refs.undo();
                }
                return;
            }
            // the grant goes back before its references are given back, so what it carries stays referenced
            DRAINERS.execute(() -> {
                try {
                    undelivered.run();
                } finally {
                    if (refs != null) {
                        refs.undo();
                    }
                }
            });
        }
    }

    private final FrameChannel channel;
    private final long maxQueuedBytes;
    private final Runnable onOverflow;
    private final ArrayDeque<Frame> queue = new ArrayDeque<>();
    private long queuedBytes;
    private boolean writing;
    private boolean closed;
    /** When the write in progress began, in {@link System#nanoTime()}; 0 when none is. */
    private volatile long writeStarted;

    /**
     * @param channel the connection's channel
     * @param maxQueuedBytes how many bytes may wait to be written before the connection is given up
     * @param onOverflow closes the connection when the client reads too slowly for the bound
     */
    Outbox(FrameChannel channel, long maxQueuedBytes, Runnable onOverflow) {
        this.channel = channel;
        this.maxQueuedBytes = maxQueuedBytes;
        this.onOverflow = onOverflow;
    }

    /**
     * Sends a reply.
     *
     * @param bytes the encoded reply
     * @param refs what it counted for the client's session (taken over: given back if it is not written), or null
     * @param mayWriteHere true if the calling thread holds no lock, so it may write the reply itself
     * @return false if the reply will not be sent (the connection is gone, or the client reads too slowly)
     */
    boolean send(byte[] bytes, @Nullable ReplyRefs refs, boolean mayWriteHere) {
        return send(bytes, refs, mayWriteHere, null);
    }

    /**
     * Sends a reply that grants something (an item, a lock, permits).
     *
     * @param bytes the encoded reply
     * @param refs what it counted for the client's session, or null
     * @param mayWriteHere true if the calling thread holds no lock
     * @param undelivered what the host does (it takes its own lock) if the reply, once accepted here, is never
     *     written: the grant goes back; not run when this returns false (the caller undoes it then)
     * @return false if the reply will not be sent
     */
    boolean send(byte[] bytes, @Nullable ReplyRefs refs, boolean mayWriteHere, @Nullable Runnable undelivered) {
        boolean overflow = false;
        boolean writeHere = false;
        synchronized (this) {
            // a sender that holds no lock waits for room (the client reads slowly, but reads); one that holds
            // an object's lock never waits: past the bound, the connection is given up
            while (mayWriteHere && !closed && !queue.isEmpty() && queuedBytes + bytes.length > maxQueuedBytes) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (!closed) {
                if (mayWriteHere && !writing && queue.isEmpty()) {
                    writing = true;
                    writeHere = true;
                } else if (queue.isEmpty() || queuedBytes + bytes.length <= maxQueuedBytes) {
                    queue.addLast(new Frame(bytes, refs, undelivered));
                    queuedBytes += bytes.length;
                    if (!writing) {
                        writing = true;
                        DRAINERS.execute(this::drain);
                    }
                    return true;
                } else {
                    overflow = true;
                }
            }
        }
        if (writeHere) {
            // outside the monitor: other senders queue meanwhile, and this thread writes what they queued
            boolean written = write(new Frame(bytes, refs, undelivered));
            drain();
            // a failed write here is told by the result: the caller undoes its grant itself
            return written;
        }
        if (refs != null) {
            refs.undo();
        }
        if (overflow) {
            ServerEngine.LOG.log(Level.WARNING, "Closed a connection whose client does not read its replies: more than {0} bytes "
                    + "were waiting to be written to it", maxQueuedBytes);
            onOverflow.run();
        }
        return false;
    }

    /** Writes what is queued, until nothing is; then lets the next sender write itself. */
    private void drain() {
        while (true) {
            Frame next;
            synchronized (this) {
                next = queue.pollFirst();
                if (next == null || closed) {
                    writing = false;
                    if (next != null) {
                        next.drop();
                    }
                    return;
                }
                queuedBytes -= next.bytes().length;
                notifyAll();
            }
            if (!write(next)) {
                next.drop();
            }
        }
    }

    /** Writes a frame; on failure the connection is closed (the caller drops or reports the frame). */
    private boolean write(Frame frame) {
        writeStarted = Math.max(1, System.nanoTime());
        try {
            channel.write(frame.bytes());
        } catch (IOException e) {
            writeStarted = 0;
            if (frame.refs() != null) {
                frame.refs().undo();
            }
            close();
            channel.close();
            return false;
        }
        writeStarted = 0;
        if (frame.refs() != null) {
            frame.refs().sent();
        }
        return true;
    }

    /**
     * When the write in progress began, if one is.
     *
     * @return a {@link System#nanoTime()}, or 0 if no write is in progress
     */
    long stalledSince() {
        return writeStarted;
    }

    /** The connection is gone: nothing more is written, and what waited gives its references back. */
    void close() {
        ArrayDeque<Frame> dropped;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            notifyAll();
            dropped = new ArrayDeque<>(queue);
            queue.clear();
            queuedBytes = 0;
        }
        for (Frame frame : dropped) {
            frame.drop();
        }
    }
}
