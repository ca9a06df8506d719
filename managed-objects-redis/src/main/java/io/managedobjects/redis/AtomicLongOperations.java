package io.managedobjects.redis;

import org.jspecify.annotations.Nullable;

/** {@code SharedAtomicLong} on Redis: one integer, changed by Redis's own atomic arithmetic. */
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
            case "addAndGet" -> RedisManager.number(manager.run("longAddAndGet", id, args[0]));
            case "getAndAdd" -> RedisManager.number(manager.run("longGetAndAdd", id, args[0]));
            case "compareAndSet" -> RedisManager.number(manager.run("longCompareAndSet", id, args[0], args[1])) == 1;
            case "text" -> Long.toString(RedisManager.number(manager.run("longGet", id)));
            default -> throw RedisManager.notOnRedis("SharedAtomicLong operation " + method);
        };
    }
}
