package io.managedobjects.internal.server;

import io.managedobjects.ObjectInfo;
import io.managedobjects.SharedRef;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/** One hosted object in the server's registry: its host and its bookkeeping. */
final class HostedObject {

    private final String id;
    private final String type;
    private final @Nullable String name;
    private final Host host;
    private final MethodTable methods;
    private final Instant createdAt = Instant.now();
    private final LongAdder calls = new LongAdder();
    private final AtomicLong refCount = new AtomicLong();
    private final SharedRef ref;
    private final long seq;
    private volatile boolean destroyed;
    /** Set once a reference to another hosted object was passed to this one: only such hosts are scanned. */
    private volatile boolean mayHoldRefs;
    /** Consecutive collections that found this object unreachable. */
    int unreachableSweeps;

    HostedObject(long seq, String instance, String type, @Nullable String name, Host host, MethodTable methods) {
        this.seq = seq;
        this.id = seq + "-" + instance;
        this.type = type;
        this.name = name;
        this.host = host;
        this.methods = methods;
        this.ref = new SharedRef(type, id, name);
    }

    /** @return the object's number in this run of the server (its id is {@code seq-instance}) */
    long seq() {
        return seq;
    }

    /** @return the object id */
    public String id() {
        return id;
    }

    /** @return the type id */
    public String type() {
        return type;
    }

    /** @return the name, or null when anonymous */
    public @Nullable String name() {
        return name;
    }

    /** @return the host implementing the object */
    public Host host() {
        return host;
    }

    /** @return the exposed operations */
    MethodTable methods() {
        return methods;
    }

    /** @return the portable reference */
    public SharedRef ref() {
        return ref;
    }

    /** @return whether it was destroyed or collected */
    public boolean isDestroyed() {
        return destroyed;
    }

    boolean mayHoldRefs() {
        return mayHoldRefs;
    }

    void markMayHoldRefs() {
        mayHoldRefs = true;
    }

    void markDestroyed() {
        destroyed = true;
    }

    void countCall() {
        calls.increment();
    }

    AtomicLong refCount() {
        return refCount;
    }

    /** The body of an operation run under the object's monitor. */
    @FunctionalInterface
    interface Body<T> {
        T run() throws Throwable;
    }

    /**
     * Runs an operation under the host's monitor (unless the host synchronises itself), refusing it if the
     * object was destroyed meanwhile: the one way operations run, from a connection or a server-side proxy.
     *
     * @param body the operation and the encoding of its result (encoded under the monitor, so a reference taken
     *     out of a container is counted for the caller before anyone else can see the change)
     * @param <T> what the body returns
     * @return what the body returned
     * @throws Throwable what the body threw
     */
    <T> T underMonitor(Body<T> body) throws Throwable {
        if (host.concurrent()) {
            return body.run();
        }
        synchronized (host.monitor()) {
            if (destroyed) {
                throw new IllegalStateException("The shared object " + id + " no longer exists: it was destroyed");
            }
            return body.run();
        }
    }

    /**
     * Whether calls on this object run user code, or wait for a monitor user code may hold for long (a
     * registered class's instance, or a collection it shares): such calls run on a worker thread, never on
     * a connection's reading thread, and nothing that must answer quickly waits for their monitor.
     *
     * @return true for user objects and what shares their monitor
     */
    boolean runsUserCode() {
        Object monitor = host.monitor();
        return host instanceof UserHost || monitor instanceof UserHost || !(monitor instanceof Host);
    }

    /**
     * A snapshot for {@code info()}.
     *
     * @return the object's info
     */
    public ObjectInfo info() {
        Integer size;
        java.util.Map<String, Object> state;
        Object monitor = host.monitor();
        if (runsUserCode()) {
            // a user method may run for long, or user code hold the lock of a collection it shares: never wait to report
            size = null;
            state = host.state();
        } else {
            synchronized (monitor) {
                size = host.hostedSize();
                state = host.state();
            }
        }
        return new ObjectInfo(id, name, type, refCount.get(), size, createdAt, calls.sum(), state);
    }
}
