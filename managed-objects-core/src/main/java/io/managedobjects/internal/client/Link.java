package io.managedobjects.internal.client;

import io.managedobjects.ManagerConnectionException;
import io.managedobjects.SharedRef;
import io.managedobjects.internal.wire.Handshake;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * One session of a client manager with its server: the session the server assigned, the run of the
 * server it belongs to, and the few connections that carry it (slot 0 keeps the session: heartbeats and
 * releases). A manager whose session ends (the server restarted, or the session expired while the network
 * was cut) goes on with a new link; proxies of named objects are then re-bound to the object of the same
 * name, and nothing is ever sent to an object of another run.
 */
final class Link {

    /** Opens a connection that joins a session. */
    @FunctionalInterface
    interface Joiner {
        ClientConnection join(byte[] session);
    }

    private final int number;
    private final byte[] session;
    private final String instance;
    private final Duration sessionTimeout;
    private final AtomicReferenceArray<ClientConnection> pool;
    private final Object[] slotLocks;
    private final Joiner joiner;
    private volatile boolean ended;
    /** Named objects of earlier runs, by their old id: the reference of the same name on this link's server. */
    private final ConcurrentHashMap<String, SharedRef> rebound = new ConcurrentHashMap<>();

    /**
     * @param number 1 for a manager's first session, then one more for each new one
     * @param primary the connection that opened the session (slot 0)
     * @param instance the server run's tag: the ids of its objects end with {@code -instance}
     * @param sessionTimeout the server's session timeout
     * @param slots how many connections the link may open
     * @param joiner opens further connections of the session
     */
    Link(int number, ClientConnection primary, String instance, Duration sessionTimeout, int slots, Joiner joiner) {
        this.number = number;
        this.session = primary.session();
        this.instance = instance;
        this.sessionTimeout = sessionTimeout;
        this.pool = new AtomicReferenceArray<>(slots);
        this.slotLocks = new Object[slots];
        java.util.Arrays.setAll(slotLocks, i -> new Object());
        this.joiner = joiner;
        pool.set(0, primary);
    }

    int number() {
        return number;
    }

    Duration sessionTimeout() {
        return sessionTimeout;
    }

    int slots() {
        return pool.length();
    }

    /**
     * Whether an object id belongs to this link's server run.
     *
     * @param id an object id
     * @return false for an object of an earlier run
     */
    boolean isOfThisRun(String id) {
        return id.length() == id.lastIndexOf('-') + 1 + instance.length() && id.endsWith(instance);
    }

    /**
     * The id a named object of an earlier run has on this link's server, found once.
     *
     * @param ref the old reference
     * @param find finds (or creates) the object of that name on this link's server
     * @return the reference on this server
     */
    SharedRef rebind(SharedRef ref, Function<SharedRef, SharedRef> find) {
        SharedRef known = rebound.get(ref.id());
        if (known != null) {
            return known;
        }
        SharedRef found = find.apply(ref);
        rebound.putIfAbsent(ref.id(), found);
        return found;
    }

    /**
     * The connection of a slot, opened (joining the session) if it is not open.
     *
     * @param slot the slot
     * @param closed whether the manager is closed
     * @return an open connection
     * @throws Handshake.SessionEndedException if the server no longer knows the session
     * @throws ManagerConnectionException if it cannot be opened
     */
    ClientConnection connection(int slot, java.util.function.BooleanSupplier closed) {
        ClientConnection connection = pool.get(slot);
        if (connection != null && connection.isOpen()) {
            return connection;
        }
        synchronized (slotLocks[slot]) {
            connection = pool.get(slot);
            if (connection == null || !connection.isOpen()) {
                connection = join();
                pool.set(slot, connection);
                if (closed.getAsBoolean()) {
                    connection.close();
                    throw new ManagerConnectionException("The manager is closed");
                }
            }
            return connection;
        }
    }

    /**
     * Whether a slot's connection has a call in flight (a slot not opened yet is not busy).
     *
     * @param slot the slot
     * @return true if a call waits for its reply there
     */
    boolean isBusy(int slot) {
        ClientConnection connection = pool.get(slot);
        return connection != null && connection.hasCallsInFlight();
    }

    /**
     * Opens another connection of this session (a pipeline's, or a slot's).
     *
     * @return the connection
     * @throws Handshake.SessionEndedException if the server no longer knows the session
     */
    ClientConnection join() {
        if (ended) {
            throw new Handshake.SessionEndedException();
        }
        try {
            return joiner.join(session);
        } catch (Handshake.SessionEndedException e) {
            ended = true;
            throw e;
        }
    }

    /**
     * Whether a connection is one of this link's.
     *
     * @param connection a connection
     * @return true if a slot of this link holds it
     */
    boolean holds(ClientConnection connection) {
        for (int slot = 0; slot < pool.length(); slot++) {
            if (pool.get(slot) == connection) {
                return true;
            }
        }
        return false;
    }

    boolean isEnded() {
        return ended;
    }

    /** The session is over: its connections close (calls waiting on them fail). */
    void end() {
        ended = true;
        close();
    }

    /** Closes every connection of the link. */
    void close() {
        for (int slot = 0; slot < pool.length(); slot++) {
            ClientConnection connection = pool.get(slot);
            if (connection != null) {
                connection.close();
            }
        }
    }
}
