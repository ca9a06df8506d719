package io.managedobjects.internal.server;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The hosted side of {@code SharedMap}: an insertion-ordered map that, like {@code ConcurrentHashMap},
 * refuses null keys and values. Every public method is one remote operation, run under the monitor. A map
 * the server creates is held in a {@link CompactMap}; one a user instance returned is used as it is.
 */
final class MapHost implements Host {

    private final Map<Object, Object> map;
    private final Object monitor;

    /**
     * Creates a map holding {@code initial}.
     *
     * @param initial the initial mappings, may be null
     */
    public MapHost(@Nullable Map<?, ?> initial) {
        this.map = new CompactMap();
        this.monitor = this;
        if (initial != null) {
            putAll(initial);
        }
    }

    @SuppressWarnings("unchecked")
    private MapHost(Map<?, ?> backing, Object monitor) {
        this.map = (Map<Object, Object>) backing;
        this.monitor = monitor;
    }

    /**
     * Hosts a map a user instance returned ({@code @SharedResult}): calls share the instance's monitor.
     *
     * @param backing the very map
     * @param monitor the owning instance's monitor
     * @return the host
     */
    static MapHost backedBy(Map<?, ?> backing, Object monitor) {
        return new MapHost(backing, monitor);
    }

    @Override
    public Object monitor() {
        return monitor;
    }

    @Override
    public Integer hostedSize() {
        return map.size();
    }

    @Override
    public void forEachValue(Consumer<@Nullable Object> visitor) {
        visitor.accept(map);
    }

    public int size() {
        return map.size();
    }

    public boolean isEmpty() {
        return map.isEmpty();
    }

    public boolean containsKey(Object key) {
        return map.containsKey(Objects.requireNonNull(key));
    }

    public boolean containsValue(Object value) {
        return map.containsValue(Objects.requireNonNull(value));
    }

    public boolean containsEntry(Object key, Object value) {
        return Objects.deepEquals(Objects.requireNonNull(value), map.get(Objects.requireNonNull(key)));
    }

    public @Nullable Object get(Object key) {
        return map.get(Objects.requireNonNull(key));
    }

    public @Nullable Object put(Object key, Object value) {
        return map.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
    }

    public @Nullable Object putIfAbsent(Object key, Object value) {
        return map.putIfAbsent(Objects.requireNonNull(key), Objects.requireNonNull(value));
    }

    public void putAll(Map<?, ?> entries) {
        if (entries instanceof CompactMap compact) {
            if (compact.holdsNull()) {
                throw new NullPointerException("a null key or value");
            }
        } else {
            for (Map.Entry<?, ?> entry : entries.entrySet()) {
                Objects.requireNonNull(entry.getKey());
                Objects.requireNonNull(entry.getValue());
            }
        }
        map.putAll(entries);
    }

    /**
     * Removes a key; its value is encoded for the caller first, so a value the caller cannot receive
     * stays (and the call fails).
     *
     * @param call the caller
     * @param key the key
     * @return the prepared reply: the removed value, or null
     */
    public @Nullable Object remove(ImmediateCall call, Object key) {
        Objects.requireNonNull(key);
        while (true) {
            Object current = map.get(key);
            if (current == null) {
                return map.remove(key);
            }
            Object reply = call.prepare(current);
            // conditional on the very value prepared: a map its thread-safe owner changes meanwhile is retried
            if (map.remove(key, current)) {
                return reply;
            }
            if (map.get(key) == current) {
                map.remove(key); // the value's equals() is not reflexive
                return reply;
            }
        }
    }

    /**
     * Removes the entry if its value equals {@code value} (arrays by content: values cross by value).
     * The removal is conditional on the very value compared, so a map that its owner changes concurrently
     * (a {@code ConcurrentMap} shared by a thread-safe class) never loses a value put meanwhile.
     */
    public boolean removeEntry(Object key, Object value) {
        Objects.requireNonNull(value);
        Objects.requireNonNull(key);
        while (true) {
            Object current = map.get(key);
            if (current == null || !Objects.deepEquals(current, value)) {
                return false;
            }
            if (map.remove(key, current)) {
                return true;
            }
            if (map.get(key) == current) {
                return false; // the value's equals() is not reflexive: it cannot be matched
            }
        }
    }

    public boolean removeValue(Object value) {
        Objects.requireNonNull(value);
        for (Map.Entry<Object, Object> entry : new ArrayList<>(map.entrySet())) {
            if (value.equals(entry.getValue()) && map.remove(entry.getKey(), entry.getValue())) {
                return true;
            }
        }
        return false;
    }

    public boolean removeKeys(Collection<?> keys) {
        return map.keySet().removeAll(keys);
    }

    public boolean retainKeys(Collection<?> keys) {
        return map.keySet().retainAll(keys);
    }

    public boolean removeValues(Collection<?> values) {
        return map.values().removeAll(values);
    }

    public boolean retainValues(Collection<?> values) {
        return map.values().retainAll(values);
    }

    public @Nullable Object replace(Object key, Object value) {
        return map.replace(Objects.requireNonNull(key), Objects.requireNonNull(value));
    }

    /**
     * Replaces the value if it equals {@code oldValue} (arrays by content: values cross by value),
     * conditionally on the very value compared, as {@link #removeEntry}.
     */
    public boolean replaceIfEquals(Object key, Object oldValue, Object newValue) {
        Objects.requireNonNull(oldValue);
        Objects.requireNonNull(newValue);
        Objects.requireNonNull(key);
        while (true) {
            Object current = map.get(key);
            if (current == null || !Objects.deepEquals(current, oldValue)) {
                return false;
            }
            if (map.replace(key, current, newValue)) {
                return true;
            }
            if (map.get(key) == current) {
                return false; // the value's equals() is not reflexive: it cannot be matched
            }
        }
    }

    public void clear() {
        map.clear();
    }

    public LinkedHashMap<Object, Object> snapshot() {
        return new LinkedHashMap<>(map);
    }

    public List<Object> keys() {
        return new ArrayList<>(map.keySet());
    }

    public List<Object> values() {
        return new ArrayList<>(map.values());
    }

    public String text() {
        return map.toString();
    }
}
