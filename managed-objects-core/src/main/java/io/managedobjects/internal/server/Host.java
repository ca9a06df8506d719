package io.managedobjects.internal.server;

import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The server-side implementation of a built-in shared type. Its public methods, other than the ones
 * declared here, are the remote operations of the type; each runs under the host's monitor unless
 * {@link #concurrent()} says the host synchronises itself.
 */
interface Host {

    /**
     * The number of elements, for {@code info()}.
     *
     * @return the size, or null (the default) where size means nothing
     */
    default @Nullable Integer hostedSize() {
        return null;
    }

    /**
     * Visits what this host stores (for the collector, which looks inside each value, at any depth, for
     * the shared objects it references). Called under the host's monitor; hosts that store values or
     * other objects override it.
     *
     * @param visitor receives each stored value (a collection may be handed over whole)
     */
    default void forEachValue(Consumer<@Nullable Object> visitor) {
    }

    /**
     * Whether calls run without the host's monitor (the host synchronises itself, e.g. blocking types).
     *
     * @return false by default
     */
    default boolean concurrent() {
        return false;
    }

    /**
     * The object remote operations are invoked on: the host itself for built-in types, the user's
     * instance for registered classes.
     *
     * @return the target of calls
     */
    default Object target() {
        return this;
    }

    /**
     * The monitor every operation of this host runs under (itself, unless it shares another host's state,
     * as a condition shares its lock's).
     *
     * @return the monitor object
     */
    default Object monitor() {
        return this;
    }

    /**
     * A client manager has ended (closed, or its process died): release what it held (locks, permits).
     * Called under the host's monitor. Its parked calls were aborted before.
     *
     * @param session the session id
     */
    default void sessionEnded(String session) {
    }

    /**
     * Type-specific state for {@code info()}: lock owner, waiters, permits... Never the contents.
     * Called under the host's monitor.
     *
     * @return a small map, empty by default
     */
    default java.util.Map<String, Object> state() {
        return java.util.Map.of();
    }

    /**
     * Whether this host keeps per-session state to release in {@link #sessionEnded(String)} (locks,
     * permits, a tripping barrier). Only those hosts are visited when a session ends.
     *
     * @return false by default
     */
    default boolean tracksSessions() {
        return false;
    }

    /**
     * The object was destroyed: fail every parked call (with {@link IllegalStateException}), under the monitor.
     */
    default void destroyed() {
    }

    /**
     * The object was registered under this reference (its id is known from now on). Nothing by default.
     *
     * @param ref the object's reference
     */
    default void attached(io.managedobjects.SharedRef ref) {
    }

    /**
     * The object is gone for good (destroyed, collected, or the server closed): let go of what lives outside
     * the server's memory, such as worker processes. Nothing by default; called under the host's monitor.
     */
    default void released() {
    }

    /**
     * A named object of this host was asked for again (get-or-create): refuses arguments that contradict
     * what it was made with (an array asked for with another length). Nothing by default.
     *
     * @param args the creation arguments of the new request
     * @throws IllegalStateException naming what differs
     */
    default void checkReused(Object[] args) {
    }

    /**
     * Whether this host is a lock held by a thread of a session, for the connections' {@code heldLocks}.
     *
     * @param session the session id
     * @return true if this host is a lock held by one of that session's threads
     */
    default boolean heldBy(String session) {
        return false;
    }
}
