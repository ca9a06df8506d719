package io.managedobjects.internal.server;

import io.managedobjects.ManagerException;

import io.managedobjects.ObjectInfo;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import io.managedobjects.SharedObject;
import io.managedobjects.SharedRef;
import io.managedobjects.internal.client.Proxies;
import io.managedobjects.internal.codec.ValueGraph;
import org.jspecify.annotations.Nullable;

/**
 * The server's one registry of hosted objects: creation, names, references held by client sessions,
 * and collection of anonymous objects nothing holds any more.
 *
 * <p>An anonymous object is alive while a session holds a reference to it or while it is reachable
 * from such an object or a named object through references stored inside hosted objects. Collection
 * is a mark-and-sweep from those roots, so cycles (a list containing itself) are freed too; an object
 * must be found unreachable by two consecutive sweeps before it is removed, which covers a reference
 * in flight between being taken out of a container and being handed to a client.
 */
final class ObjectRegistry {

    private final ConcurrentHashMap<String, HostedObject> objects = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, HostedObject> named = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final Object collectorLock = new Object();
    private boolean collectRequested;
    private boolean closed;
    private final Thread collector;
    private volatile @Nullable LocalChannel localChannel;
    /** When the collector last warned that a host's content could not be read (only its thread uses it). */
    private long lastWalkWarning = System.nanoTime() - java.util.concurrent.TimeUnit.MINUTES.toNanos(2);

    /** Creates a registry and starts its collector thread. */
    public ObjectRegistry() {
        collector = new Thread(this::collectLoop, "managed-objects-collector");
        collector.setDaemon(true);
        collector.start();
    }

    /**
     * Creates an object, or gets the named one.
     *
     * @param type the type id
     * @param name the name, or null for an anonymous object
     * @param args constructor arguments (ignored when the named object exists)
     * @return the object
     * @throws IllegalStateException if the name holds an object of another type
     */
    HostedObject create(String type, @Nullable String name, Object[] args, ServerEngine engine) {
        Object[] resolved = args;
        if (type.equals("condition") && args.length > 0 && args[0] != null) {
            // a condition is made of its lock: the host takes the lock's object
            resolved = args.clone();
            HostedObject lock = hostedObjectOf(args[0]);
            resolved[0] = lock != null ? lock : args[0];
        }
        Object[] factoryArgs = resolved;
        HostedObject object = create(type, name, () -> HostedTypes.create(type, factoryArgs, engine), null);
        if (name != null) {
            object.host().checkReused(factoryArgs);
        }
        return object;
    }

    /**
     * The object of an id, if it still exists.
     *
     * @param id the object id
     * @return the object, or null
     */
    @Nullable HostedObject find(String id) {
        return objects.get(id);
    }

    /**
     * The reference a value stands for when its object no longer exists (destroyed while a stored value
     * still refers to it): it still crosses as a reference, and calls through it say the object is gone.
     *
     * @param value any value
     * @return its reference, or null if it is not a server-side proxy or reference of this server
     */
    @Nullable SharedRef referenceOfGone(Object value) {
        if (value instanceof HostedRef ref) {
            return ref.ref();
        }
        if (value instanceof SharedObject shared && localChannel != null && Proxies.channelOf(value) == localChannel) {
            return shared.sharedRef();
        }
        return null;
    }

    /**
     * Makes proxies decoded on the server recognisable as references of this registry.
     *
     * @param channel the server's own proxies' channel
     */
    void useLocalChannel(LocalChannel channel) {
        this.localChannel = channel;
    }

    /**
     * The hosted object a value stands for: a server-side proxy of this server, a {@link HostedRef}, or
     * the object itself.
     *
     * @param value any value
     * @return the object, or null if the value stands for none (or for one that no longer exists)
     */
    @Nullable HostedObject hostedObjectOf(Object value) {
        if (value instanceof HostedRef ref) {
            return ref.object().isDestroyed() ? null : ref.object();
        }
        if (value instanceof HostedObject object) {
            return object.isDestroyed() ? null : object;
        }
        if (value instanceof SharedObject shared && localChannel != null && Proxies.channelOf(value) == localChannel) {
            return objects.get(shared.sharedId());
        }
        return null;
    }

    /**
     * Creates an object from a factory, or gets the named one.
     *
     * @param type the type id
     * @param name the name, or null for an anonymous object
     * @param factory makes the host (not called when the named object exists)
     * @param methods the operations, or null for a built-in host's own methods
     * @return the object
     * @throws IllegalStateException if the name holds an object of another type
     */
    HostedObject create(String type, @Nullable String name, HostFactory factory, @Nullable MethodTable methods) {
        if (name == null) {
            return register(type, null, factory.createUnchecked(), methods);
        }
        HostedObject existing;
        do {
            existing = named.computeIfAbsent(name, n -> register(type, n, factory.createUnchecked(), methods));
        } while (existing.isDestroyed());
        if (!existing.type().equals(type)) {
            throw new IllegalStateException("The name '" + name + "' already holds a shared " + existing.type()
                    + ", not a " + type + ": use another name, or destroy that object first");
        }
        return existing;
    }

    /** Makes a host; may fail with the user's own exception. */
    @FunctionalInterface
    interface HostFactory {
        Host create() throws Exception;

        default Host createUnchecked() {
            try {
                return create();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new HostCreationException(e);
            }
        }
    }

    /** Carries a checked exception of a user constructor out of {@code computeIfAbsent}. */
    static final class HostCreationException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        HostCreationException(Exception cause) {
            super(cause);
        }
    }

    /**
     * This run of the server: part of every object id ({@code 7-k2f9xq4m}), so that an id from an earlier
     * run (a reference kept across a restart) never names an object of this one.
     */
    private final String instance = newInstanceTag();

    private static String newInstanceTag() {
        byte[] random = io.managedobjects.internal.wire.Handshake.randomBytes(5);
        StringBuilder tag = new StringBuilder(8);
        long bits = 0;
        for (byte b : random) {
            bits = bits << 8 | (b & 0xff);
        }
        for (int i = 0; i < 8; i++) {
            tag.append("abcdefghijkmnpqrstuvwxyz23456789".charAt((int) (bits & 31)));
            bits >>>= 5;
        }
        return tag.toString();
    }

    /**
     * This run of the server's tag: object ids end with {@code -tag}.
     *
     * @return the tag
     */
    String instance() {
        return instance;
    }

    /**
     * The named object of a name, if there is one.
     *
     * @param name the name
     * @return the object, or null
     */
    @Nullable HostedObject named(String name) {
        return named.get(name);
    }

    /**
     * Whether an object id was made by this run of the server.
     *
     * @param id an object id
     * @return false for an id of an earlier run (or of another server)
     */
    boolean isOfThisRun(String id) {
        return id.length() == id.lastIndexOf('-') + 1 + instance.length() && id.endsWith(instance);
    }

    private HostedObject register(String type, @Nullable String name, Host host, @Nullable MethodTable methods) {
        HostedObject object = new HostedObject(ids.incrementAndGet(), instance, type, name, host,
                methods != null ? methods : MethodTable.of(host.getClass()));
        objects.put(object.id(), object);
        host.attached(object.ref());
        return object;
    }

    /**
     * The object of an id.
     *
     * @param id the object id
     * @return the object
     * @throws IllegalStateException if there is none (destroyed, collected, or never existed)
     */
    public HostedObject get(String id) {
        HostedObject object = objects.get(id);
        if (object == null) {
            if (!isOfThisRun(id) && id.matches("[0-9]+-[a-z2-9]{8}")) {
                throw new ManagerException("The shared object " + id + " was made by an earlier run of the manager server: the server "
                        + "was restarted, and the object was lost with it. Create it again (a named object's proxy reaches the object "
                        + "of its name on the new server)");
            }
            throw new IllegalStateException("The shared object " + id + " no longer exists: it was destroyed, or released by every process");
        }
        return object;
    }

    /**
     * Removes an object at once.
     *
     * @param id the object id
     */
    void destroy(String id) {
        HostedObject object = objects.get(id);
        if (object != null) {
            synchronized (object.host().monitor()) {
                object.markDestroyed();
                object.host().destroyed();
                object.host().released();
            }
            if (object.name() != null) {
                named.remove(object.name(), object);
            }
            objects.remove(id, object);
            requestCollect();
        }
    }

    void addRef(Session session, HostedObject object) {
        session.held.merge(object, 1, Integer::sum);
        object.refCount().incrementAndGet();
    }

    void release(Session session, String id) {
        HostedObject object = objects.get(id);
        if (object == null) {
            return;
        }
        boolean[] held = new boolean[1];
        session.held.computeIfPresent(object, (o, count) -> {
            held[0] = true;
            return count == 1 ? null : count - 1;
        });
        if (held[0] && object.refCount().decrementAndGet() == 0) {
            requestCollect();
        }
    }

    void releaseAll(Session session) {
        for (HostedObject object : objects.values()) {
            if (object.host().tracksSessions()) {
                synchronized (object.host().monitor()) {
                    object.host().sessionEnded(session.id);
                }
            }
        }
        for (HostedObject object : new ArrayList<>(session.held.keySet())) {
            Integer count = session.held.remove(object);
            if (count != null) {
                object.refCount().addAndGet(-count);
            }
        }
        requestCollect();
    }

    /**
     * The ids of the locks the threads of a session hold.
     *
     * @param session the session id
     * @return lock ids
     */
    List<String> locksHeldBy(String session) {
        List<String> held = new ArrayList<>();
        for (HostedObject object : objects.values()) {
            if (!(object.host() instanceof LockHost)) {
                continue;
            }
            synchronized (object.host().monitor()) {
                if (object.host().heldBy(session)) {
                    held.add(object.id());
                }
            }
        }
        return held;
    }

    /**
     * The hosted objects, for {@code info()}.
     *
     * @return one info per live object, by creation order
     */
    public List<ObjectInfo> infos() {
        List<HostedObject> live = new ArrayList<>(objects.values());
        live.sort(Comparator.comparingLong(HostedObject::seq));
        return live.stream().map(HostedObject::info).toList();
    }

    /**
     * How many objects are hosted, by type id; visits no host.
     *
     * @return the counts
     */
    java.util.Map<String, Integer> countsByType() {
        java.util.Map<String, Integer> counts = new java.util.HashMap<>();
        for (HostedObject object : objects.values()) {
            counts.merge(object.type(), 1, Integer::sum);
        }
        return counts;
    }

    /**
     * How many objects are hosted.
     *
     * @return the count
     */
    public int size() {
        return objects.size();
    }

    void requestCollect() {
        synchronized (collectorLock) {
            collectRequested = true;
            collectorLock.notifyAll();
        }
    }

    private void collectLoop() {
        try {
            while (true) {
                synchronized (collectorLock) {
                    while (!collectRequested && !closed) {
                        collectorLock.wait();
                    }
                    if (closed) {
                        return;
                    }
                    collectRequested = false;
                }
                Thread.sleep(50);
                if (collect()) {
                    requestCollect();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One mark-and-sweep.
     *
     * @return whether some objects are pending a second sweep
     */
    boolean collect() {
        Set<HostedObject> marked = new HashSet<>();
        Deque<HostedObject> pending = new ArrayDeque<>();
        for (HostedObject object : objects.values()) {
            if (object.name() != null || object.refCount().get() > 0) {
                marked.add(object);
                pending.push(object);
            }
        }
        Predicate<Object> reference = node -> {
            if (!(node instanceof HostedRef || node instanceof HostedObject || node instanceof SharedObject)) {
                return false;
            }
            HostedObject target = hostedObjectOf(node);
            if (target != null && marked.add(target)) {
                pending.push(target);
            }
            return true; // a reference (to an object that may be gone): never looked into
        };
        while (!pending.isEmpty()) {
            HostedObject object = pending.pop();
            if (!object.mayHoldRefs()) {
                continue;
            }
            try {
                synchronized (object.host().monitor()) {
                    object.host().forEachValue(value -> ValueGraph.walk(value, reference));
                }
            } catch (RuntimeException e) {
                // its content could not be read (a thread-safe user object changing while walked, a field whose
                // iteration fails): what it references is unknown, so nothing is freed this time
                long now = System.nanoTime();
                if (now - lastWalkWarning > java.util.concurrent.TimeUnit.MINUTES.toNanos(1)) {
                    lastWalkWarning = now;
                    ServerEngine.LOG.log(System.Logger.Level.WARNING, "Unreachable shared objects are not freed while the "
                            + "content of shared " + object.type() + " " + object.id() + " cannot be read: " + e);
                }
                return true;
            }
        }
        boolean candidates = false;
        for (HostedObject object : objects.values()) {
            if (marked.contains(object)) {
                object.unreachableSweeps = 0;
            } else if (++object.unreachableSweeps >= 2) {
                objects.remove(object.id(), object);
                object.markDestroyed();
                release(object);
            } else {
                candidates = true;
            }
        }
        return candidates;
    }

    private static void release(HostedObject object) {
        synchronized (object.host().monitor()) {
            object.host().released();
        }
    }

    /** Stops the collector and forgets every object. */
    void close() {
        synchronized (collectorLock) {
            closed = true;
            collectorLock.notifyAll();
        }
        objects.values().forEach(object -> {
            object.markDestroyed();
            release(object);
        });
        objects.clear();
        named.clear();
    }
}
