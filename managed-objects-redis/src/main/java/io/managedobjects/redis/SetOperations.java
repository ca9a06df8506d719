package io.managedobjects.redis;

import io.managedobjects.redis.RedisManager.Encoded;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * {@code SharedSet} on Redis: kept as a map of its elements to a mark, in insertion order, with the map's functions.
 * Elements are told apart by their encoded bytes, as map keys are.
 */
final class SetOperations implements RedisManager.Operations {

    /** The value every element maps to. */
    private static final byte[] MARK = {'1'};

    private final RedisManager manager;
    private final MapOperations maps;

    SetOperations(RedisManager manager, MapOperations maps) {
        this.manager = manager;
        this.maps = maps;
    }

    @Override
    public @Nullable Object call(String id, String method, @Nullable Object[] args) {
        return switch (method) {
            case "size" -> (int) RedisManager.number(manager.run("size", id));
            case "isEmpty" -> RedisManager.number(manager.run("size", id)) == 0;
            case "contains" -> RedisManager.number(manager.run("containsKey", id, manager.encode(args[0]).bytes())) == 1;
            case "containsAll" -> {
                Collection<?> elements = (Collection<?>) Objects.requireNonNull(args[0]);
                List<Object> keys = new ArrayList<>();
                for (Object element : elements) {
                    keys.add(manager.encode(element).bytes());
                }
                yield RedisManager.number(manager.run("countKeys", id, keys.toArray())) == keys.size();
            }
            case "add" -> {
                Encoded element = manager.encode(args[0]);
                yield manager.run("putIfAbsent", id, element.bytes(), MARK, refs(element)) == null;
            }
            case "addAll" -> RedisManager.number(manager.run("putAbsentAll", id, entries((Collection<?>) Objects.requireNonNull(args[0])))) > 0;
            case "remove" -> manager.run("remove", id, manager.encode(args[0]).bytes()) != null;
            case "removeAll" -> maps.call(id, "removeKeys", args);
            case "retainAll" -> maps.call(id, "retainKeys", args);
            case "clear" -> maps.call(id, "clear", args);
            case "snapshot" -> snapshot(id);
            case "replaceIfUnchanged" -> replaceIfUnchanged(id, (List<?>) Objects.requireNonNull(args[0]),
                    (List<?>) Objects.requireNonNull(args[1]));
            case "text" -> new ArrayList<>(maps.snapshot(id, true).decodedKeys()).toString();
            default -> throw RedisManager.notOnRedis("SharedSet operation " + method);
        };
    }

    Object[] entries(Collection<?> elements) {
        Object[] args = new Object[elements.size() * 3];
        int i = 0;
        for (Object element : elements) {
            Encoded encoded = manager.encode(element);
            args[i++] = encoded.bytes();
            args[i++] = MARK;
            args[i++] = refs(encoded);
        }
        return args;
    }

    /** An element's references, as a map key's: before the {@code |} (the mark it maps to has none). */
    private static String refs(Encoded element) {
        return element.refs().isEmpty() ? "" : element.refs() + "|";
    }

    private List<Object> snapshot(String id) {
        return new ArrayList<>(maps.snapshot(id).decodedKeys());
    }

    private boolean replaceIfUnchanged(String id, List<?> expected, List<?> contents) {
        MapOperations.Snapshot now = maps.snapshot(id);
        List<@Nullable Object> current = new ArrayList<>();
        for (byte[] key : now.keys()) {
            current.add(manager.comparable(key));
        }
        List<@Nullable Object> expectedForm = new ArrayList<>();
        for (Object element : expected) {
            expectedForm.add(manager.comparableArgument(element));
        }
        if (!current.equals(expectedForm)) {
            return false;
        }
        Object[] entries = entries(contents);
        Object[] args = new Object[entries.length + 1];
        args[0] = now.version();
        System.arraycopy(entries, 0, args, 1, entries.length);
        return RedisManager.number(manager.run("replaceAllAt", id, args)) == 1;
    }
}
