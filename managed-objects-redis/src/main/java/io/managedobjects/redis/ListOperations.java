package io.managedobjects.redis;

import io.managedobjects.redis.RedisManager.Encoded;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * {@code SharedList} on Redis: a Redis list of items, each the ids its element refers to, a newline and the element's
 * bytes. Index operations are Redis's own; those that depend on {@code equals} ({@code contains}, {@code indexOf},
 * {@code remove(Object)}, {@code removeAll}, sorting) are computed here on a snapshot and applied only if the list's
 * version is still the snapshot's, else computed again: each is atomic all the same.
 */
final class ListOperations implements RedisManager.Operations {

    private final RedisManager manager;

    ListOperations(RedisManager manager) {
        this.manager = manager;
    }

    @Override
    public @Nullable Object call(String id, String method, @Nullable Object[] args) {
        return switch (method) {
            case "size" -> (int) RedisManager.number(manager.run("listSize", id));
            case "isEmpty" -> RedisManager.number(manager.run("listSize", id)) == 0;
            case "get" -> decode(manager.run("listGet", id, index(args[0])));
            case "set" -> decode(manager.run("listSet", id, index(args[0]), item(args[1])));
            case "add" -> {
                manager.run("listAdd", id, item(args[0]));
                yield true;
            }
            case "addAll" -> {
                Object[] items = items((Collection<?>) Objects.requireNonNull(args[0]));
                if (items.length > 0) {
                    manager.run("listAdd", id, items);
                }
                yield items.length > 0;
            }
            case "insert" -> {
                manager.run("listInsert", id, index(args[0]), item(args[1]));
                yield null;
            }
            case "insertAll" -> {
                Object[] items = items((Collection<?>) Objects.requireNonNull(args[1]));
                Object[] callArgs = new Object[items.length + 1];
                callArgs[0] = index(args[0]);
                System.arraycopy(items, 0, callArgs, 1, items.length);
                manager.run("listInsert", id, callArgs);
                yield items.length > 0;
            }
            case "removeAt" -> decode(manager.run("listRemoveAt", id, index(args[0])));
            case "removeRange" -> {
                manager.run("listRemoveRange", id, index(args[0]), index(args[1]));
                yield null;
            }
            case "clear" -> {
                manager.run("listClear", id);
                yield null;
            }
            case "snapshot" -> snapshot(id).elements();
            case "range" -> decodeAll((List<?>) Objects.requireNonNull(manager.run("listRange", id, index(args[0]), index(args[1]))));
            case "versioned" -> {
                Snapshot snapshot = snapshot(id);
                yield List.of(snapshot.version(), snapshot.elements());
            }
            case "replaceIfVersion" -> replaceAt(id, ((Number) Objects.requireNonNull(args[0])).longValue(),
                    (Collection<?>) Objects.requireNonNull(args[1]));
            case "contains" -> comparable(id).contains(manager.comparableArgument(args[0]));
            case "containsAll" -> comparable(id).containsAll(comparableArguments((Collection<?>) Objects.requireNonNull(args[0])));
            case "indexOf" -> comparable(id).indexOf(manager.comparableArgument(args[0]));
            case "lastIndexOf" -> comparable(id).lastIndexOf(manager.comparableArgument(args[0]));
            case "removeElement" -> {
                Object element = manager.comparableArgument(args[0]);
                yield removeWhere(id, (comparable, i) -> comparable.indexOf(element) == i);
            }
            case "removeAll" -> {
                List<@Nullable Object> elements = comparableArguments((Collection<?>) Objects.requireNonNull(args[0]));
                yield removeWhere(id, (comparable, i) -> elements.contains(comparable.get(i)));
            }
            case "retainAll" -> {
                List<@Nullable Object> elements = comparableArguments((Collection<?>) Objects.requireNonNull(args[0]));
                yield removeWhere(id, (comparable, i) -> !elements.contains(comparable.get(i)));
            }
            case "sortNatural" -> {
                update(id, list -> {
                    sortNatural(list);
                    return true;
                });
                yield null;
            }
            case "removeAtIfSame" -> {
                atIfSame(id, index(args[0]), args[1], null, false);
                yield null;
            }
            case "setIfSame" -> {
                atIfSame(id, index(args[0]), args[1], args[2], true);
                yield null;
            }
            case "text" -> {
                List<?> reply = (List<?>) Objects.requireNonNull(manager.run("listSnapshot", id));
                List<@Nullable Object> elements = new ArrayList<>();
                for (Object item : (List<?>) reply.get(1)) {
                    elements.add(manager.decodeForText(withoutRefs(item)));
                }
                yield elements.toString();
            }
            default -> throw RedisManager.notOnRedis("SharedList operation " + method);
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void sortNatural(List<@Nullable Object> list) {
        Collections.sort((List) list);
    }

    private static int index(@Nullable Object index) {
        return ((Number) Objects.requireNonNull(index)).intValue();
    }

    /**
     * The items of elements, as the list keeps them.
     *
     * @param elements the elements
     * @return their items
     */
    Object[] items(Collection<?> elements) {
        Object[] items = new Object[elements.size()];
        int i = 0;
        for (Object element : elements) {
            items[i++] = item(element);
        }
        return items;
    }

    private byte[] item(@Nullable Object element) {
        Encoded encoded = manager.encode(element);
        byte[] refs = encoded.refs().getBytes(StandardCharsets.US_ASCII);
        byte[] item = new byte[refs.length + 1 + encoded.bytes().length];
        System.arraycopy(refs, 0, item, 0, refs.length);
        item[refs.length] = '\n';
        System.arraycopy(encoded.bytes(), 0, item, refs.length + 1, encoded.bytes().length);
        return item;
    }

    @Nullable Object decode(@Nullable Object item) {
        return item == null ? null : manager.decode(withoutRefs(item));
    }

    /** An item's element bytes, after the ids it refers to and the newline. */
    private static byte[] withoutRefs(Object item) {
        byte[] bytes = (byte[]) item;
        int newline = 0;
        while (bytes[newline] != '\n') {
            newline++;
        }
        return java.util.Arrays.copyOfRange(bytes, newline + 1, bytes.length);
    }

    private ArrayList<@Nullable Object> decodeAll(List<?> items) {
        ArrayList<@Nullable Object> elements = new ArrayList<>(items.size());
        for (Object item : items) {
            elements.add(decode(item));
        }
        return elements;
    }

    /** The list at one version, decoded, and its items as Redis returned them. */
    private record Snapshot(long version, ArrayList<@Nullable Object> elements, List<?> items) {
    }

    private Snapshot snapshot(String id) {
        List<?> reply = (List<?>) Objects.requireNonNull(manager.run("listSnapshot", id));
        List<?> items = (List<?>) reply.get(1);
        return new Snapshot(RedisManager.number(reply.get(0)), decodeAll(items), items);
    }

    /** The elements in the form {@code equals} compares them in (shared objects by identity), from a read of their own. */
    private List<@Nullable Object> comparable(String id) {
        return comparable(snapshot(id).items());
    }

    private List<@Nullable Object> comparable(List<?> items) {
        List<@Nullable Object> comparable = new ArrayList<>(items.size());
        for (Object item : items) {
            comparable.add(manager.comparable(withoutRefs(item)));
        }
        return comparable;
    }

    private List<@Nullable Object> comparableArguments(Collection<?> elements) {
        List<@Nullable Object> comparable = new ArrayList<>(elements.size());
        for (Object element : elements) {
            comparable.add(manager.comparableArgument(element));
        }
        return comparable;
    }

    /** Which elements to remove: by the comparable forms of all, and an index. */
    @FunctionalInterface
    private interface Removal {
        boolean removes(List<@Nullable Object> comparable, int index);
    }

    /** Removes the elements chosen, all at once, as of one version of the list; retried if the list changed. */
    private boolean removeWhere(String id, Removal removal) {
        while (true) {
            Snapshot snapshot = snapshot(id);
            List<@Nullable Object> comparable = comparable(snapshot.items());
            List<@Nullable Object> kept = new ArrayList<>();
            for (int i = 0; i < comparable.size(); i++) {
                if (!removal.removes(comparable, i)) {
                    kept.add(snapshot.elements().get(i));
                }
            }
            if (kept.size() == comparable.size()) {
                return false;
            }
            if (replaceAt(id, snapshot.version(), kept)) {
                return true;
            }
        }
    }

    private boolean replaceAt(String id, long version, Collection<?> contents) {
        Object[] items = items(contents);
        Object[] args = new Object[items.length + 1];
        args[0] = version;
        System.arraycopy(items, 0, args, 1, items.length);
        return RedisManager.number(manager.run("listReplaceAt", id, args)) == 1;
    }

    /** Applies a change computed here to the contents, by compare-and-set on the list's version. */
    private boolean update(String id, Predicate<List<@Nullable Object>> change) {
        while (true) {
            Snapshot snapshot = snapshot(id);
            if (!change.test(snapshot.elements())) {
                return false;
            }
            if (replaceAt(id, snapshot.version(), snapshot.elements())) {
                return true;
            }
        }
    }

    /** An iterator's removal or replacement at an index of its snapshot, if the element there is still the one it saw. */
    private void atIfSame(String id, int index, @Nullable Object expected, @Nullable Object element, boolean set) {
        while (true) {
            Snapshot snapshot = snapshot(id);
            if (index >= snapshot.items().size()
                    || !Objects.deepEquals(manager.comparable(withoutRefs(snapshot.items().get(index))), manager.comparableArgument(expected))) {
                throw new ConcurrentModificationException("The shared list changed since this iterator's snapshot was taken");
            }
            long done = set ? RedisManager.number(manager.run("listSetAt", id, snapshot.version(), index, item(element)))
                    : RedisManager.number(manager.run("listRemoveAtVersion", id, snapshot.version(), index));
            if (done == 1) {
                return;
            }
        }
    }
}
