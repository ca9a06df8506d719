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
            case "containsEntry" -> {
                Object value = Objects.requireNonNull(args[1]);
                yield Objects.deepEquals(manager.comparableArgument(value), decodeComparable(manager.run("get", id, key(args[0]))));
            }
            case "removeEntry" -> removeEntry(id, Objects.requireNonNull(args[0]), Objects.requireNonNull(args[1]));
            case "replaceIfEquals" -> replaceIfEquals(id, Objects.requireNonNull(args[0]), Objects.requireNonNull(args[1]),
                    Objects.requireNonNull(args[2]));
            case "containsValue" -> {
                Object value = manager.comparableArgument(Objects.requireNonNull(args[0]));
                yield snapshot(id).comparableValues(manager).contains(value);
            }
            case "removeValue" -> removeValue(id, Objects.requireNonNull(args[0]));
            case "removeValues" -> {
                List<@Nullable Object> removed = comparableArguments((Collection<?>) Objects.requireNonNull(args[0]));
                yield removeWhere(id, removed::contains);
            }
            case "retainValues" -> {
                List<@Nullable Object> kept = comparableArguments((Collection<?>) Objects.requireNonNull(args[0]));
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
            case "text" -> snapshot(id, true).map().toString();
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

    /** A value read (its references counted for this session): decoded once for the proxies, and compared by identity. */
    private @Nullable Object decodeComparable(@Nullable Object raw) {
        manager.decode(raw);
        return manager.comparable(raw);
    }

    private List<@Nullable Object> comparableArguments(Collection<?> elements) {
        List<@Nullable Object> comparable = new ArrayList<>(elements.size());
        for (Object element : elements) {
            comparable.add(manager.comparableArgument(element));
        }
        return comparable;
    }

    private byte[] key(@Nullable Object key) {
        return manager.encode(Objects.requireNonNull(key)).bytes();
    }

    private boolean removeEntry(String id, Object key, Object value) {
        byte[] encodedKey = key(key);
        Object expected = manager.comparableArgument(value);
        while (true) {
            Object current = manager.run("get", id, encodedKey);
            if (current == null || !Objects.deepEquals(decodeComparable(current), expected)) {
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
        Object expected = manager.comparableArgument(oldValue);
        while (true) {
            Object current = manager.run("get", id, encodedKey);
            if (current == null || !Objects.deepEquals(decodeComparable(current), expected)) {
                return false;
            }
            if (RedisManager.number(manager.run("replaceIfSame", id, encodedKey, current, update.bytes(), refs)) == 1) {
                return true;
            }
        }
    }

    private boolean removeValue(String id, Object value) {
        Object expected = manager.comparableArgument(value);
        while (true) {
            Snapshot snapshot = snapshot(id);
            List<@Nullable Object> values = snapshot.comparableValues(manager);
            byte[] found = null;
            for (int i = 0; i < values.size(); i++) {
                if (Objects.equals(expected, values.get(i))) {
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
            List<@Nullable Object> values = snapshot.comparableValues(manager);
            for (int i = 0; i < values.size(); i++) {
                if (test.test(values.get(i))) {
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
    record Snapshot(long version, List<byte[]> keys, List<@Nullable Object> decodedKeys, List<@Nullable Object> values,
            List<?> rawValues) {

        /** @return the values in the form {@code equals} compares them in (shared objects by identity) */
        List<@Nullable Object> comparableValues(RedisManager manager) {
            List<@Nullable Object> comparable = new ArrayList<>(rawValues.size());
            for (Object raw : rawValues) {
                comparable.add(manager.comparable(raw));
            }
            return comparable;
        }

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
        return snapshot(id, false);
    }

    /**
     * The entries of a map (or a namespace or set), decoded as values or for their text.
     *
     * @param id the object
     * @param forText whether shared objects in it stand as their {@code type(id)} text
     * @return the snapshot
     */
    Snapshot snapshot(String id, boolean forText) {
        List<?> reply = (List<?>) Objects.requireNonNull(manager.run("snapshot", id));
        List<byte[]> keys = new ArrayList<>();
        List<@Nullable Object> decodedKeys = new ArrayList<>();
        List<@Nullable Object> values = new ArrayList<>();
        List<Object> rawValues = new ArrayList<>();
        for (int i = 1; i + 1 < reply.size(); i += 2) {
            rawValues.add(reply.get(i + 1));
            keys.add((byte[]) reply.get(i));
            decodedKeys.add(forText ? manager.decodeForText(reply.get(i)) : manager.decode(reply.get(i)));
            values.add(forText ? manager.decodeForText(reply.get(i + 1)) : manager.decode(reply.get(i + 1)));
        }
        return new Snapshot(RedisManager.number(reply.get(0)), keys, decodedKeys, values, rawValues);
    }
}
