package io.managedobjects.redis;

import io.managedobjects.redis.RedisManager.Encoded;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * {@code SharedMap} on Redis: a hash of encoded keys to encoded values, the keys' insertion order in a sorted set.
 * Keys are told apart by their encoded bytes (equal keys of the classes the codec writes deterministically have
 * equal bytes). Operations whose outcome depends on {@code equals} ({@code remove(key, value)},
 * {@code replace(key, old, new)}, the value views) compare decoded values here, then change Redis only if the entry
 * (or the map) is still exactly what was compared, and try again otherwise: each is atomic all the same.
 */
final class MapOperations implements RedisManager.Operations {

    private final RedisManager manager;

    MapOperations(RedisManager manager) {
        this.manager = manager;
    }

    @Override
    public @Nullable Object call(String id, String method, @Nullable Object[] args) {
        return switch (method) {
            case "size" -> (int) RedisManager.number(manager.run("size", id));
            case "isEmpty" -> RedisManager.number(manager.run("size", id)) == 0;
            case "containsKey" -> RedisManager.number(manager.run("containsKey", id, key(args[0]))) == 1;
            case "get" -> manager.decode(manager.run("get", id, key(args[0])));
            case "put", "putIfAbsent", "replace" -> {
                Encoded key = manager.encode(Objects.requireNonNull(args[0]));
                Encoded value = manager.encode(Objects.requireNonNull(args[1]));
                yield manager.decode(manager.run(method, id, key.bytes(), value.bytes(), refs(key, value)));
            }
            case "putAll" -> {
                manager.run("putAll", id, entries(manager, (Map<?, ?>) Objects.requireNonNull(args[0])));
                yield null;
            }
            case "remove" -> manager.decode(manager.run("remove", id, key(args[0])));
            case "containsEntry" -> Objects.deepEquals(Objects.requireNonNull(args[1]), manager.decode(manager.run("get", id, key(args[0]))));
            case "removeEntry" -> removeEntry(id, Objects.requireNonNull(args[0]), Objects.requireNonNull(args[1]));
            case "replaceIfEquals" -> replaceIfEquals(id, Objects.requireNonNull(args[0]), Objects.requireNonNull(args[1]),
                    Objects.requireNonNull(args[2]));
            case "containsValue" -> {
                Object value = Objects.requireNonNull(args[0]);
                yield snapshot(id).values().contains(value);
            }
            case "removeValue" -> removeValue(id, Objects.requireNonNull(args[0]));
            case "removeValues" -> removeWhere(id, ((Collection<?>) Objects.requireNonNull(args[0]))::contains);
            case "retainValues" -> {
                Collection<?> kept = (Collection<?>) Objects.requireNonNull(args[0]);
                yield removeWhere(id, value -> !kept.contains(value));
            }
            case "removeKeys", "retainKeys" -> {
                List<Object> keys = new ArrayList<>();
                for (Object key : (Collection<?>) Objects.requireNonNull(args[0])) {
                    keys.add(manager.encode(key).bytes());
                }
                yield RedisManager.number(manager.run(method, id, keys.toArray())) > 0;
            }
            case "clear" -> {
                manager.run("clear", id);
                yield null;
            }
            case "snapshot" -> snapshot(id).map();
            case "keys" -> new ArrayList<>(snapshot(id).decodedKeys());
            case "values" -> new ArrayList<>(snapshot(id).values());
            case "text" -> snapshot(id).map().toString();
            default -> throw RedisManager.notOnRedis("SharedMap operation " + method);
        };
    }

    /**
     * The arguments of {@code putAll}: key, value and their references, for each entry.
     *
     * @param manager encodes them
     * @param entries the entries, none null
     * @return the arguments
     */
    static Object[] entries(RedisManager manager, Map<?, ?> entries) {
        Object[] args = new Object[entries.size() * 3];
        int i = 0;
        for (Map.Entry<?, ?> entry : entries.entrySet()) {
            Encoded key = manager.encode(Objects.requireNonNull(entry.getKey(), "a SharedMap refuses null keys"));
            Encoded value = manager.encode(Objects.requireNonNull(entry.getValue(), "a SharedMap refuses null values"));
            args[i++] = key.bytes();
            args[i++] = value.bytes();
            args[i++] = refs(key, value);
        }
        return args;
    }

    /** An entry's references as Redis keeps them: the key's (if any), then {@code |}, then the value's. */
    static String refs(Encoded key, Encoded value) {
        return key.refs().isEmpty() ? value.refs() : key.refs() + "|" + value.refs();
    }

    private byte[] key(@Nullable Object key) {
        return manager.encode(Objects.requireNonNull(key)).bytes();
    }

    private boolean removeEntry(String id, Object key, Object value) {
        byte[] encodedKey = key(key);
        while (true) {
            Object current = manager.run("get", id, encodedKey);
            if (current == null || !Objects.deepEquals(manager.decode(current), value)) {
                return false;
            }
            if (RedisManager.number(manager.run("removeIfSame", id, encodedKey, current)) == 1) {
                return true;
            }
        }
    }

    private boolean replaceIfEquals(String id, Object key, Object oldValue, Object newValue) {
        byte[] encodedKey = key(key);
        Encoded update = manager.encode(newValue);
        String refs = refs(manager.encode(key), update);
        while (true) {
            Object current = manager.run("get", id, encodedKey);
            if (current == null || !Objects.deepEquals(manager.decode(current), oldValue)) {
                return false;
            }
            if (RedisManager.number(manager.run("replaceIfSame", id, encodedKey, current, update.bytes(), refs)) == 1) {
                return true;
            }
        }
    }

    private boolean removeValue(String id, Object value) {
        while (true) {
            Snapshot snapshot = snapshot(id);
            byte[] found = null;
            for (int i = 0; i < snapshot.values().size(); i++) {
                if (value.equals(snapshot.values().get(i))) {
                    found = snapshot.keys().get(i);
                    break;
                }
            }
            if (found == null) {
                return false;
            }
            if (RedisManager.number(manager.run("removeKeysAt", id, snapshot.version(), found)) >= 0) {
                return true;
            }
        }
    }

    /** Removes the entries whose value passes the test, all at once, as of one version of the map. */
    private boolean removeWhere(String id, Predicate<Object> test) {
        while (true) {
            Snapshot snapshot = snapshot(id);
            List<Object> args = new ArrayList<>();
            args.add(snapshot.version());
            for (int i = 0; i < snapshot.values().size(); i++) {
                if (test.test(snapshot.values().get(i))) {
                    args.add(snapshot.keys().get(i));
                }
            }
            if (args.size() == 1) {
                return false;
            }
            if (RedisManager.number(manager.run("removeKeysAt", id, args.toArray())) >= 0) {
                return true;
            }
        }
    }

    /**
     * The map at one version: its keys' bytes, and its keys and values decoded, entry by entry in insertion order (two
     * entries whose keys decode to equal objects stay two here).
     */
    record Snapshot(long version, List<byte[]> keys, List<@Nullable Object> decodedKeys, List<@Nullable Object> values) {

        /** @return the entries as a map (of entries whose keys decode equal, the last) */
        LinkedHashMap<Object, Object> map() {
            LinkedHashMap<Object, Object> map = new LinkedHashMap<>();
            for (int i = 0; i < keys.size(); i++) {
                map.put(decodedKeys.get(i), values.get(i));
            }
            return map;
        }
    }

    /**
     * The entries of a map (or a namespace) in insertion order, at one version.
     *
     * @param id the object
     * @return the snapshot
     */
    Snapshot snapshot(String id) {
        List<?> reply = (List<?>) Objects.requireNonNull(manager.run("snapshot", id));
        List<byte[]> keys = new ArrayList<>();
        List<@Nullable Object> decodedKeys = new ArrayList<>();
        List<@Nullable Object> values = new ArrayList<>();
        for (int i = 1; i + 1 < reply.size(); i += 2) {
            keys.add((byte[]) reply.get(i));
            decodedKeys.add(manager.decode(reply.get(i)));
            values.add(manager.decode(reply.get(i + 1)));
        }
        return new Snapshot(RedisManager.number(reply.get(0)), keys, decodedKeys, values);
    }
}
