package io.managedobjects.internal.client;

import io.managedobjects.SharedCondition;
import io.managedobjects.SharedLock;
import io.managedobjects.SharedRef;
import java.lang.reflect.Method;
import org.jspecify.annotations.Nullable;

/**
 * How a proxy reaches the object it stands for. A client manager sends each call over the wire; inside
 * the server, a proxy that a hosted value holds (a shared map in a record's field, an argument a user
 * object kept) runs its calls on the hosted object directly. Proxies are the same classes either way.
 */
public interface ProxyChannel {

    /** How a call waits for its reply. */
    enum Wait {
        /** An operation that never blocks. */
        PLAIN,
        /** A blocking operation that an interrupt cancels. */
        INTERRUPTIBLE,
        /** A blocking operation that ignores interrupts, like {@code Lock.lock()}. */
        UNINTERRUPTIBLE
    }

    /**
     * Calls an operation of a hosted object.
     *
     * @param ref the object
     * @param method the operation (a signature for user types)
     * @param wait how the reply is awaited
     * @param userMethod the proxied method of a user type (its declared exceptions are rebuilt), else null
     * @param args the arguments
     * @return the result
     * @throws InterruptedException only for {@link Wait#INTERRUPTIBLE} calls
     */
    @Nullable Object call(SharedRef ref, String method, Wait wait, @Nullable Method userMethod, @Nullable Object[] args)
            throws InterruptedException;

    /**
     * Whether a value can be sent at all (its classes are allowed on this side).
     *
     * @param value a value
     * @return false if it may not cross the boundary
     */
    boolean canSend(@Nullable Object value);

    /**
     * The manager's address: two proxies of one object id are equal when their channels share it.
     *
     * @return the address
     */
    String address();

    /**
     * Whether proxies of collections compare as the object they stand for rather than by contents: true
     * inside the server, where a proxy may be part of a stored key whose equality must never change.
     *
     * @return false for a client
     */
    default boolean comparesByIdentity() {
        return false;
    }

    /**
     * A new condition of a lock ({@code Lock.newCondition()}).
     *
     * @param lock the lock
     * @return the condition
     */
    SharedCondition condition(SharedLock lock);

    /**
     * The allow-list of this side: which exceptions thrown elsewhere may be rebuilt as their own type.
     *
     * @return the type policy
     */
    io.managedobjects.internal.codec.TypePolicy typePolicy();

    /**
     * The class that proxies of a registered type id implement or extend.
     *
     * @param typeId the type id
     * @return the api class
     */
    Class<?> userType(String typeId);
}
