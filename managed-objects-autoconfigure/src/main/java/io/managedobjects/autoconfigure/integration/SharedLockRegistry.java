package io.managedobjects.autoconfigure.integration;

import io.managedobjects.Manager;
import io.managedobjects.SharedLock;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;
import org.springframework.integration.support.locks.LockRegistry;

/**
 * A Spring Integration {@link LockRegistry} of locks hosted by the manager server: the lock of a key is the
 * named reentrant lock {@code manager.reentrantLock(prefix + key)}, so every process connected to the same
 * server obtains the same lock for the same key.
 *
 * <ul>
 *   <li><b>Reentrant, owned by (process, thread).</b> As with {@link java.util.concurrent.locks.ReentrantLock}, the
 *       thread that holds a lock may take it again (the server keeps the hold count) and only that thread of that
 *       process may unlock it; {@code unlock()} by any other thread throws {@link IllegalMonitorStateException}.
 *       Every {@code lock}, {@code tryLock} and {@code unlock} is a call to the server.</li>
 *   <li><b>No time-to-live to tune.</b> A lock is held for as long as its holder's session with the server lives,
 *       however long the work under it takes: nothing expires and nothing needs renewing. A process that dies
 *       loses its locks as soon as its connections close; one that freezes or is cut off loses them when its
 *       session ends, after the session timeout ({@code managed-objects.session-timeout}, default 15 s; an
 *       embedded or standalone server's own {@code ManagerServer.Builder.sessionTimeout}). Waiters are then
 *       served in order of arrival. A process that lost a lock that way is never left believing it holds it:
 *       its {@code unlock()} fails with an {@link io.managedobjects.ManagerException} and releases nothing, and
 *       its re-entrant {@code tryLock} returns false while another process holds the lock.</li>
 *   <li><b>Leader election.</b> A
 *       {@link org.springframework.integration.support.leader.LockRegistryLeaderInitiator} over this registry
 *       elects one leader among all the processes of a server: the leader holds the lock of its role, a process
 *       that dies stops leading at once and another candidate is granted the role; a leader whose session ended
 *       while it was frozen is revoked at its next heartbeat once another process took the lock.</li>
 * </ul>
 *
 * <p>Keys are turned into names with {@link String#valueOf(Object)}: keys with the same string form share a lock.
 * The {@linkplain #DEFAULT_PREFIX default prefix} keeps the registry's locks apart from the application's own
 * named objects; a name that holds an object of another type makes {@link #obtain} throw
 * {@link IllegalStateException}. Every distinct key makes a named lock that lives on the server until it is
 * destroyed or the server stops, and its proxy is kept here: draw keys from a bounded set (roles, resource ids).
 * The proxies stay valid across a restart of the server (a named proxy reaches the object of its name).
 *
 * <p>Instances are thread-safe; one registry (and one proxy per key) serves every thread of the process.
 */
public final class SharedLockRegistry implements LockRegistry<SharedLock> {

    /** The prefix of lock names when none is given: {@value}. */
    public static final String DEFAULT_PREFIX = "lock-registry.";

    private final Manager manager;
    private final String prefix;
    private final ConcurrentMap<String, SharedLock> locks = new ConcurrentHashMap<>();

    /**
     * A registry whose locks are named {@value #DEFAULT_PREFIX} followed by the key.
     *
     * @param manager the manager whose server hosts the locks
     */
    public SharedLockRegistry(Manager manager) {
        this(manager, DEFAULT_PREFIX);
    }

    /**
     * A registry whose locks are named {@code prefix} followed by the key. Registries with the same prefix on
     * the same server share their locks; an empty prefix puts the locks among the application's named objects.
     *
     * @param manager the manager whose server hosts the locks
     * @param prefix the start of every lock name
     */
    public SharedLockRegistry(Manager manager, String prefix) {
        this.manager = Objects.requireNonNull(manager, "manager");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
    }

    /**
     * The shared reentrant lock of a key, created on the server if it does not exist yet. Obtaining the same key
     * again returns the same proxy.
     *
     * @param lockKey the key; its {@link String#valueOf(Object) string form} follows the prefix in the lock's name
     * @return the lock
     * @throws IllegalArgumentException if the key is null
     * @throws IllegalStateException if the lock's name holds a shared object of another type
     * @throws io.managedobjects.ManagerConnectionException if the server cannot be reached
     */
    @Override
    public SharedLock obtain(Object lockKey) {
        if (lockKey == null) {
            throw new IllegalArgumentException("A lock key must not be null: every key names a lock (" + prefix
                    + "<key>) on the manager server");
        }
        String name = prefix + String.valueOf(lockKey);
        @Nullable SharedLock lock = locks.get(name);
        if (lock != null) {
            return lock;
        }
        // the call to the server is made outside the map's locking; two threads racing on a new key get one
        // named lock on the server either way, and the same proxy here
        SharedLock created = manager.reentrantLock(name);
        @Nullable SharedLock raced = locks.putIfAbsent(name, created);
        return raced != null ? raced : created;
    }

    /**
     * Describes the registry by its prefix.
     *
     * @return {@code SharedLockRegistry[prefix=...]}
     */
    @Override
    public String toString() {
        return "SharedLockRegistry[prefix=" + prefix + "]";
    }
}
