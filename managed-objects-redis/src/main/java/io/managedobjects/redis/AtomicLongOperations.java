package io.managedobjects.redis;

import io.managedobjects.ManagerException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** {@code SharedAtomicLong} on Redis: one integer, kept as its decimal text and changed by Redis's own exact arithmetic. */
final class AtomicLongOperations implements RedisManager.Operations {

    private final RedisManager manager;

    AtomicLongOperations(RedisManager manager) {
        this.manager = manager;
    }

    @Override
    public @Nullable Object call(String id, String method, @Nullable Object[] args) {
        return switch (method) {
            case "get" -> RedisManager.number(manager.run("longGet", id));
            case "set" -> {
                manager.run("longSet", id, args[0]);
                yield null;
            }
            case "getAndSet" -> RedisManager.number(manager.run("longGetAndSet", id, args[0]));
            case "addAndGet" -> add(id, ((Number) Objects.requireNonNull(args[0])).longValue(), true);
            case "getAndAdd" -> add(id, ((Number) Objects.requireNonNull(args[0])).longValue(), false);
            case "compareAndSet" -> RedisManager.number(manager.run("longCompareAndSet", id, args[0], args[1])) == 1;
            case "text" -> Long.toString(RedisManager.number(manager.run("longGet", id)));
            default -> throw RedisManager.notOnRedis("SharedAtomicLong operation " + method);
        };
    }

    /** Adds by Redis's exact arithmetic; a sum past a long's range wraps around, as Java's does, by compare-and-set. */
    private long add(String id, long delta, boolean returnSum) {
        try {
            return RedisManager.number(manager.run(returnSum ? "longAddAndGet" : "longGetAndAdd", id, delta));
        } catch (ManagerException e) {
            if (!String.valueOf(e.getMessage()).contains("would overflow")) {
                throw e;
            }
        }
        while (true) {
            long current = RedisManager.number(manager.run("longGet", id));
            long sum = current + delta;
            if (RedisManager.number(manager.run("longCompareAndSet", id, current, sum)) == 1) {
                return returnSum ? sum : current;
            }
        }
    }
}
