package io.managedobjects.redis;

import io.managedobjects.redis.RedisManager.Encoded;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * {@code SharedValue} on Redis: one encoded value. {@code compareAndSet} compares by {@code equals} (arrays by
 * content) here, then sets only if the value is still exactly the one compared, and tries again otherwise.
 */
final class ValueOperations implements RedisManager.Operations {

    private final RedisManager manager;

    ValueOperations(RedisManager manager) {
        this.manager = manager;
    }

    @Override
    public @Nullable Object call(String id, String method, @Nullable Object[] args) {
        return switch (method) {
            case "get" -> manager.decode(manager.run("valueGet", id));
            case "set" -> {
                Encoded value = manager.encode(args[0]);
                manager.decode(manager.run("valueSet", id, value.bytes(), value.refs()));
                yield null;
            }
            case "getAndSet" -> {
                Encoded value = manager.encode(args[0]);
                yield manager.decode(manager.run("valueSet", id, value.bytes(), value.refs()));
            }
            case "compareAndSet" -> compareAndSet(id, args[0], args[1]);
            case "text" -> {
                Object value = manager.decodeForText(manager.run("valueGet", id));
                yield value instanceof Object[] array ? Arrays.deepToString(array) : String.valueOf(value);
            }
            default -> throw RedisManager.notOnRedis("SharedValue operation " + method);
        };
    }

    private boolean compareAndSet(String id, @Nullable Object expect, @Nullable Object update) {
        Encoded value = manager.encode(update);
        Object expected = manager.comparableArgument(expect);
        while (true) {
            Object current = manager.run("valueGet", id);
            manager.decode(current);   // the reply counted its references for this session: its proxies release them
            if (!Objects.deepEquals(manager.comparable(current), expected)) {
                return false;
            }
            if (current == null) {
                throw new IllegalStateException("The shared value " + id + " holds nothing, not even null");
            }
            if (RedisManager.number(manager.run("valueSetIfSame", id, current, value.bytes(), value.refs())) == 1) {
                return true;
            }
        }
    }
}
