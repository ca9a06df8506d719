package io.managedobjects.internal.client;

import io.managedobjects.ManagerException;
import io.managedobjects.SharedRef;
import io.managedobjects.internal.BuiltInType;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a client manager holds of locks and semaphores, per session, so that a client whose session ended
 * is never left believing it holds a lock: the server released everything the ended session held, so the
 * first release this client then makes of such a hold fails with a clear {@link ManagerException}, and is
 * never sent (it would release a hold another client acquired since, as a plain lock may be released by
 * anyone).
 */
final class Holds {

    /** Holds of one object: in the current session, and lost with ended ones. */
    private static final class Count {
        int link;
        long held;
        long lost;
    }

    private final Map<String, Count> counts = new HashMap<>();

    /**
     * Whether calls on objects of this type are counted.
     *
     * @param type a type id
     * @return true for locks and semaphores
     */
    static boolean tracks(String type) {
        BuiltInType builtIn = BuiltInType.of(type);
        return builtIn != null && builtIn.isHeld();
    }

    /** Holds are counted per object, and per thread for a reentrant lock (only its owner thread may release it). */
    private static String key(SharedRef ref) {
        String object = ref.name() != null ? ref.type() + "/" + ref.name() : ref.id();
        return BuiltInType.of(ref.type()) == BuiltInType.REENTRANT_LOCK ? object + "#" + Thread.currentThread().getId() : object;
    }

    /** The counts of an object as of a session: what earlier sessions held is lost (never rewound by a late call). */
    private Count count(SharedRef ref, int link) {
        Count count = counts.computeIfAbsent(key(ref), k -> new Count());
        if (link > count.link) {
            // the session the holds were made in has ended: the server released them
            count.lost += count.held;
            count.held = 0;
            count.link = link;
        }
        return count;
    }

    private static long amount(String method, @Nullable Object[] args, @Nullable Object result) {
        return switch (method) {
            case "lock", "unlock" -> 1;
            case "tryLock", "tryLockFor" -> Boolean.TRUE.equals(result) ? 1 : 0;
            case "acquire", "release" -> ((Number) args[0]).longValue();
            case "tryAcquire", "tryAcquireFor" -> Boolean.TRUE.equals(result) ? ((Number) args[0]).longValue() : 0;
            case "drainPermits" -> result instanceof Number n ? n.longValue() : 0;
            default -> 0;
        };
    }

    private static boolean releases(String method) {
        return method.equals("unlock") || method.equals("release");
    }

    /**
     * Checks a call before it is sent: a release of what an ended session held fails, and is not sent.
     *
     * @param ref the lock or semaphore
     * @param method the operation
     * @param args its arguments
     * @param link the current session's number
     * @throws ManagerException if the call releases a hold this client lost with its session
     */
    synchronized void beforeCall(SharedRef ref, String method, @Nullable Object[] args, int link) {
        if (!releases(method)) {
            return;
        }
        Count count = count(ref, link);
        if (count.held == 0 && count.lost > 0) {
            count.lost = Math.max(0, count.lost - amount(method, args, null));
            forgetIfEmpty(ref, count);
            String what = ref.type().endsWith("emaphore") ? "permits of semaphore" : "lock";
            throw new ManagerException("This process held the " + what + " " + (ref.name() != null ? "'" + ref.name() + "'" : ref.id())
                    + " when its session with the manager server ended (the server was restarted, or did not hear from this "
                    + "process for the session timeout): the server released it then, and other processes may have taken it "
                    + "since. This " + method + "() did nothing; whatever the hold protected may have been changed meanwhile: "
                    + "acquire it again and redo that work");
        }
        forgetIfEmpty(ref, count);
    }

    /**
     * Counts what a call that succeeded acquired or released.
     *
     * @param ref the lock or semaphore
     * @param method the operation
     * @param args its arguments
     * @param result its result
     * @param link the session the call ran in
     */
    synchronized void afterCall(SharedRef ref, String method, @Nullable Object[] args, @Nullable Object result, int link) {
        long amount = amount(method, args, result);
        if (amount == 0) {
            return;
        }
        Count count = counts.computeIfAbsent(key(ref), k -> new Count());
        if (link < count.link) {
            // ran in a session that has ended since: the server released what it granted with the session
            if (!releases(method)) {
                count.lost += amount;
            }
            forgetIfEmpty(ref, count);
            return;
        }
        count = count(ref, link);
        count.held = releases(method) ? Math.max(0, count.held - amount) : count.held + amount;
        forgetIfEmpty(ref, count);
    }

    /** An object (or a thread's hold of it) with nothing held or lost is forgotten: the map stays small. */
    private void forgetIfEmpty(SharedRef ref, Count count) {
        if (count.held == 0 && count.lost == 0) {
            counts.remove(key(ref), count);
        }
    }
}
