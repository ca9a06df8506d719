package io.managedobjects.internal.client;

import io.managedobjects.SharedMap;
import io.managedobjects.SharedRef;
import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/** The proxy of a shared map. Views are live; their iterators walk a snapshot taken in one call. */
final class RemoteMap<K, V> extends RemoteObject implements SharedMap<K, V> {

    RemoteMap(ProxyChannel channel, SharedRef ref) {
        super(channel, ref);
    }

    @Override public int size() { return callInt("size"); }
    @Override public boolean isEmpty() { return callBoolean("isEmpty"); }
    @Override public boolean containsKey(Object key) { return query(false, "containsKey", key); }
    @Override public boolean containsValue(Object value) { return query(false, "containsValue", value); }
    @Override public @Nullable V get(Object key) { return query(null, "get", key); }
    @Override public V getOrDefault(Object key, V defaultValue) { V value = get(key); return value != null ? value : defaultValue; }
    @Override public @Nullable V put(K key, V value) { return call("put", key, value); }
    @Override public @Nullable V putIfAbsent(K key, V value) { return call("putIfAbsent", key, value); }
    @Override public @Nullable V remove(Object key) { return query(null, "remove", key); }
    @Override public boolean remove(Object key, Object value) { return query(false, "removeEntry", key, value); }
    @Override public boolean replace(K key, V oldValue, V newValue) { return callBoolean("replaceIfEquals", key, oldValue, newValue); }
    @Override public @Nullable V replace(K key, V value) { return call("replace", key, value); }
    @Override public void clear() { call("clear"); }
    @Override public int hashCode() { return channel().comparesByIdentity() ? super.hashCode() : snapshot().hashCode(); }
    @Override public String toString() { return call("text"); }

    @Override
    public void putAll(Map<? extends K, ? extends V> entries) {
        // the entries go as they are (the codec writes any map's entries); a shared map is copied first, as
        // sent itself it would go as a reference to it
        call("putAll", entries instanceof io.managedobjects.SharedObject ? new LinkedHashMap<>(entries) : entries);
    }

    /** A copy of the whole map, in one call. */
    LinkedHashMap<K, V> snapshot() {
        return call("snapshot");
    }

    @Override
    public void forEach(BiConsumer<? super K, ? super V> action) {
        snapshot().forEach(action);
    }

    @Override
    public boolean equals(@Nullable Object o) {
        if (o == this) {
            return true;
        }
        if (channel().comparesByIdentity()) {
            return super.equals(o);
        }
        if (o instanceof RemoteMap<?, ?> other) {
            return snapshot().equals(other.snapshot());
        }
        return o instanceof Map<?, ?> && snapshot().equals(o);
    }

    @Override
    public Set<K> keySet() {
        return new AbstractSet<>() {
            @Override public int size() { return RemoteMap.this.size(); }
            @Override public boolean isEmpty() { return RemoteMap.this.isEmpty(); }
            @Override public boolean contains(Object o) { return containsKey(o); }
            @Override public boolean remove(Object o) { return RemoteMap.this.remove(o) != null; }
            @Override public boolean removeAll(Collection<?> c) { return callWithSendable("removeKeys", Objects.requireNonNull(c)); }
            @Override public boolean retainAll(Collection<?> c) { return callWithSendable("retainKeys", Objects.requireNonNull(c)); }
            @Override public void clear() { RemoteMap.this.clear(); }
            @Override public Object[] toArray() { return RemoteMap.this.<List<?>>call("keys").toArray(); }
            @Override public <T> T[] toArray(T[] a) { return RemoteMap.this.<List<?>>call("keys").toArray(a); }

            @Override
            public Iterator<K> iterator() {
                return new SnapshotIterator<>(RemoteMap.this.<List<K>>call("keys"), RemoteMap.this::remove);
            }
        };
    }

    @Override
    public Collection<V> values() {
        return new AbstractCollection<>() {
            @Override public int size() { return RemoteMap.this.size(); }
            @Override public boolean isEmpty() { return RemoteMap.this.isEmpty(); }
            @Override public boolean contains(Object o) { return containsValue(o); }
            @Override public boolean remove(Object o) { return query(false, "removeValue", o); }
            @Override public boolean removeAll(Collection<?> c) { return callWithSendable("removeValues", Objects.requireNonNull(c)); }
            @Override public boolean retainAll(Collection<?> c) { return callWithSendable("retainValues", Objects.requireNonNull(c)); }
            @Override public void clear() { RemoteMap.this.clear(); }
            @Override public Object[] toArray() { return RemoteMap.this.<List<?>>call("values").toArray(); }
            @Override public <T> T[] toArray(T[] a) { return RemoteMap.this.<List<?>>call("values").toArray(a); }

            @Override
            public Iterator<V> iterator() {
                Iterator<Map.Entry<K, V>> entries = entrySet().iterator();
                return new Iterator<>() {
                    @Override public boolean hasNext() { return entries.hasNext(); }
                    @Override public V next() { return entries.next().getValue(); }
                    @Override public void remove() { entries.remove(); }
                };
            }
        };
    }

    @Override
    public Set<Map.Entry<K, V>> entrySet() {
        return new AbstractSet<>() {
            @Override public int size() { return RemoteMap.this.size(); }
            @Override public boolean isEmpty() { return RemoteMap.this.isEmpty(); }
            @Override public void clear() { RemoteMap.this.clear(); }

            @Override
            public boolean contains(Object o) {
                return o instanceof Map.Entry<?, ?> e && e.getKey() != null && e.getValue() != null
                        && query(false, "containsEntry", e.getKey(), e.getValue());
            }

            @Override
            public boolean remove(Object o) {
                return o instanceof Map.Entry<?, ?> e && e.getKey() != null && e.getValue() != null
                        && RemoteMap.this.remove(e.getKey(), e.getValue());
            }

            @Override
            public Iterator<Map.Entry<K, V>> iterator() {
                List<Map.Entry<K, V>> entries = new ArrayList<>();
                for (Map.Entry<K, V> e : snapshot().entrySet()) {
                    entries.add(new WriteThroughEntry(e.getKey(), e.getValue()));
                }
                return new SnapshotIterator<>(entries, e -> RemoteMap.this.remove(e.getKey(), e.getValue()));
            }
        };
    }

    /** An entry whose {@code setValue} writes to the shared map. */
    private final class WriteThroughEntry extends AbstractMap.SimpleEntry<K, V> {
        private static final long serialVersionUID = 1L;

        WriteThroughEntry(K key, V value) {
            super(key, value);
        }

        @Override
        public V setValue(V value) {
            V old = super.setValue(Objects.requireNonNull(value));
            put(getKey(), value);
            return old;
        }
    }

    /** Iterates a snapshot; {@code remove} calls the given remote removal for the last element. */
    static final class SnapshotIterator<T> implements Iterator<T> {
        private final Iterator<T> snapshot;
        private final java.util.function.Consumer<T> remover;
        private @Nullable T last;
        private boolean canRemove;

        SnapshotIterator(List<T> snapshot, java.util.function.Consumer<T> remover) {
            this.snapshot = snapshot.iterator();
            this.remover = remover;
        }

        @Override
        public boolean hasNext() {
            return snapshot.hasNext();
        }

        @Override
        public T next() {
            if (!snapshot.hasNext()) {
                throw new NoSuchElementException();
            }
            last = snapshot.next();
            canRemove = true;
            return last;
        }

        @Override
        public void remove() {
            if (!canRemove) {
                throw new IllegalStateException("next() has not been called, or remove() was already called");
            }
            canRemove = false;
            remover.accept(last);
        }
    }
}
