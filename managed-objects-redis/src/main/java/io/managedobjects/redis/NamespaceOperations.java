package io.managedobjects.redis;

import io.managedobjects.redis.RedisManager.Encoded;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/** {@code SharedNamespace} on Redis: kept as a map of attribute names to values (null values allowed), in the order set. */
final class NamespaceOperations implements RedisManager.Operations {

    private final RedisManager manager;
    private final MapOperations maps;

    NamespaceOperations(RedisManager manager, MapOperations maps) {
        this.manager = manager;
        this.maps = maps;
    }

    @Override
    public @Nullable Object call(String id, String method, @Nullable Object[] args) {
        return switch (method) {
            case "get" -> manager.decode(manager.run("get", id, name(args[0]).bytes()));
            case "set" -> {
                Encoded name = name(args[0]);
                Encoded value = manager.encode(args[1]);
                manager.decode(manager.run("put", id, name.bytes(), value.bytes(), MapOperations.refs(name, value)));
                yield null;
            }
            case "remove" -> {
                manager.decode(manager.run("remove", id, name(args[0]).bytes()));
                yield null;
            }
            case "has" -> RedisManager.number(manager.run("containsKey", id, name(args[0]).bytes())) == 1;
            case "attributes" -> attributes(id);
            case "text" -> {
                StringJoiner text = new StringJoiner(", ", "Namespace(", ")");
                maps.snapshot(id, true).map().forEach((name, value) -> text.add(name + "=" + value));
                yield text.toString();
            }
            default -> throw RedisManager.notOnRedis("SharedNamespace operation " + method);
        };
    }

    private Encoded name(@Nullable Object name) {
        return manager.encode(Objects.requireNonNull(name, "an attribute name"));
    }

    private LinkedHashMap<String, @Nullable Object> attributes(String id) {
        LinkedHashMap<String, @Nullable Object> attributes = new LinkedHashMap<>();
        for (Map.Entry<Object, Object> entry : maps.snapshot(id).map().entrySet()) {
            attributes.put((String) entry.getKey(), entry.getValue());
        }
        return attributes;
    }
}
