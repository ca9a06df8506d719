package io.managedobjects.internal.server;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.BitSet;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * An insertion-ordered hash map (a drop-in for {@code LinkedHashMap}, nulls allowed) that keeps its entries in
 * flat arrays instead of one node object per entry, as CPython's dict does: keys and values in two columns in
 * insertion order, and an open-addressing table of positions into them, probed as CPython's dict probes it (a
 * run of consecutive integer keys fills consecutive slots; keys that collide part after a few probes). A column
 * whose every element is an {@code Integer} (or every element a {@code Long}) holds them unboxed, and widens to
 * references the first time another kind arrives, so a million {@code int → int} entries take about 18 MB instead
 * of LinkedHashMap's 80.
 *
 * <p>Removed entries leave a hole that later growth compacts away (iteration skips it); a map that shrinks to a
 * quarter of its capacity is compacted at once. Iterators fail fast on structural change, as LinkedHashMap's do.
 * Not thread-safe: the hosts call it under their monitor.
 */
final class CompactMap extends AbstractMap<Object, @Nullable Object> {

    private static final int MIN_CAPACITY = 8;

    private @Nullable Column keys;
    private @Nullable Column values;
    /** Slots of the hash table: 0 empty, -1 a removed entry's slot, else an entry's position + 1. */
    private int[] table = new int[0];
    /** Positions used in the columns, removed entries included. */
    private int used;
    private int size;
    /** Table slots marked -1. */
    private int dummies;
    /** The removed positions below {@link #used}, or null when there are none. */
    private @Nullable BitSet removed;
    private int modCount;

    /** Creates an empty map. */
    CompactMap() {
    }

    /**
     * An insertion-ordered set (nulls allowed) held in a compact map's keys.
     *
     * @return an empty set
     */
    @SuppressWarnings("unchecked")
    static Set<@Nullable Object> newSet() {
        return java.util.Collections.newSetFromMap((Map<@Nullable Object, Boolean>) (Map<?, ?>) new CompactMap());
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean containsKey(@Nullable Object key) {
        return slotOf(key) >= 0;
    }

    @Override
    public @Nullable Object get(@Nullable Object key) {
        int slot = slotOf(key);
        return slot < 0 ? null : valueColumn().get(table[slot] - 1);
    }

    @Override
    public @Nullable Object put(Object key, @Nullable Object value) {
        int slot = slotOf(key);
        if (slot >= 0) {
            int position = table[slot] - 1;
            Object old = valueColumn().get(position);
            store(position, value);
            return old;
        }
        append(key, value);
        return null;
    }

    @Override
    public @Nullable Object putIfAbsent(Object key, @Nullable Object value) {
        int slot = slotOf(key);
        if (slot >= 0) {
            Object current = valueColumn().get(table[slot] - 1);
            if (current != null) {
                return current;
            }
            store(table[slot] - 1, value);
            return null;
        }
        append(key, value);
        return null;
    }

    @Override
    public void putAll(Map<?, ?> entries) {
        if (entries.isEmpty()) {
            return;
        }
        if (keys == null && entries instanceof CompactMap other) {
            // an empty map takes a copy of the other's columns and table as they are: no entry is boxed or hashed again
            keys = other.keyColumn().copy();
            values = other.valueColumn().copy();
            table = other.table.clone();
            used = other.used;
            size = other.size;
            dummies = other.dummies;
            removed = other.removed == null ? null : (BitSet) other.removed.clone();
            modCount++;
            return;
        }
        if (keys == null) {
            Map.Entry<?, ?> first = entries.entrySet().iterator().next();
            keys = Column.holding(first.getKey(), Math.max(MIN_CAPACITY, entries.size()));
            values = Column.holding(first.getValue(), Math.max(MIN_CAPACITY, entries.size()));
        } else if (used + entries.size() > keyColumn().capacity()) {
            resize(used + entries.size());
        }
        if ((size + dummies + entries.size()) * 3L > table.length * 2L) {
            rebuildTable(size + entries.size());
        }
        for (Map.Entry<?, ?> entry : entries.entrySet()) {
            put(entry.getKey(), entry.getValue());
        }
    }

    @Override
    public @Nullable Object remove(@Nullable Object key) {
        int slot = slotOf(key);
        if (slot < 0) {
            return null;
        }
        Object old = valueColumn().get(table[slot] - 1);
        removeSlot(slot, true);
        return old;
    }

    @Override
    public boolean remove(@Nullable Object key, @Nullable Object value) {
        int slot = slotOf(key);
        if (slot < 0 || !valueColumn().holds(table[slot] - 1, value)) {
            return false;
        }
        removeSlot(slot, true);
        return true;
    }

    @Override
    public @Nullable Object replace(Object key, @Nullable Object value) {
        int slot = slotOf(key);
        if (slot < 0) {
            return null;
        }
        Object old = valueColumn().get(table[slot] - 1);
        store(table[slot] - 1, value);
        return old;
    }

    @Override
    public boolean replace(Object key, @Nullable Object oldValue, @Nullable Object newValue) {
        int slot = slotOf(key);
        if (slot < 0 || !valueColumn().holds(table[slot] - 1, oldValue)) {
            return false;
        }
        store(table[slot] - 1, newValue);
        return true;
    }

    /**
     * Whether a key or a value is null, found without boxing a column's elements.
     *
     * @return true if some live entry has a null key or value
     */
    boolean holdsNull() {
        return holdsNull(keys) || holdsNull(values);
    }

    private boolean holdsNull(@Nullable Column column) {
        if (column instanceof Refs refs) {
            for (int position = nextLive(0); position < used; position = nextLive(position + 1)) {
                if (refs.elements[position] == null) {
                    return true;
                }
            }
        }
        return false; // a column of ints or longs holds no null
    }

    @Override
    public boolean containsValue(@Nullable Object value) {
        for (int position = nextLive(0); position < used; position = nextLive(position + 1)) {
            if (valueColumn().holds(position, value)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void forEach(BiConsumer<? super Object, ? super @Nullable Object> action) {
        int expected = modCount;
        for (int position = nextLive(0); position < used; position = nextLive(position + 1)) {
            action.accept(keyColumn().get(position), valueColumn().get(position));
            if (modCount != expected) {
                throw new ConcurrentModificationException();
            }
        }
    }

    @Override
    public void clear() {
        if (used > 0 || table.length > 0) {
            modCount++;
        }
        keys = null;
        values = null;
        table = new int[0];
        used = 0;
        size = 0;
        dummies = 0;
        removed = null;
    }

    @Override
    public Set<Object> keySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Object> iterator() {
                Iterator<Map.Entry<Object, @Nullable Object>> entries = new EntryIterator();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return entries.hasNext();
                    }

                    @Override
                    public Object next() {
                        return entries.next().getKey();
                    }

                    @Override
                    public void remove() {
                        entries.remove();
                    }
                };
            }

            @Override
            public int size() {
                return size;
            }

            @Override
            public boolean contains(@Nullable Object key) {
                return slotOf(key) >= 0;
            }

            @Override
            public boolean remove(@Nullable Object key) {
                int slot = slotOf(key);
                if (slot < 0) {
                    return false;
                }
                removeSlot(slot, true);
                return true;
            }

            @Override
            public void clear() {
                CompactMap.this.clear();
            }
        };
    }

    @Override
    public Set<Map.Entry<Object, @Nullable Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<Object, @Nullable Object>> iterator() {
                return new EntryIterator();
            }

            @Override
            public int size() {
                return size;
            }

            @Override
            public void clear() {
                CompactMap.this.clear();
            }
        };
    }

    private Column keyColumn() {
        return java.util.Objects.requireNonNull(keys);
    }

    private Column valueColumn() {
        return java.util.Objects.requireNonNull(values);
    }

    /** The first live position at or after {@code position}, or {@link #used}. */
    private int nextLive(int position) {
        BitSet gone = removed;
        if (gone == null || position >= used) {
            return Math.min(position, used);
        }
        int live = gone.nextClearBit(position);
        return Math.min(live, used);
    }

    private static int spread(@Nullable Object key) {
        return mix(key == null ? 0 : key.hashCode());
    }

    /**
     * Folds a hash code's high half into its low bits, as HashMap does: keys whose hash codes differ only
     * above the bits the table uses (integral doubles, say) start apart, and consecutive integers stay in
     * consecutive slots, which keeps a bulk of them in the cache.
     */
    private static int mix(int hash) {
        return hash ^ (hash >>> 16);
    }

    /**
     * The slot probed after {@code slot}, as CPython's dict probes: the unused high bits of the hash are fed
     * in five at a time, so keys that collide in the low bits part soon, and once they are used up the
     * recurrence {@code 5 * slot + 1} visits every slot of a power-of-two table.
     */
    private static int nextSlot(int slot, int perturb, int mask) {
        return (slot * 5 + 1 + perturb) & mask;
    }

    /** The table slot holding {@code key}, or -1. */
    private int slotOf(@Nullable Object key) {
        if (size == 0) {
            return -1;
        }
        Column column = keyColumn();
        int mask = table.length - 1;
        int hash = spread(key);
        int slot = hash & mask;
        for (int perturb = hash; ; perturb >>>= 5) {
            int entry = table[slot];
            if (entry == 0) {
                return -1;
            }
            if (entry > 0 && column.holds(entry - 1, key)) {
                return slot;
            }
            slot = nextSlot(slot, perturb >>> 5, mask);
        }
    }

    /** The table slot of the live entry at {@code position}. */
    private int slotOfPosition(int position) {
        int mask = table.length - 1;
        int hash = mix(keyColumn().hash(position));
        int slot = hash & mask;
        for (int perturb = hash; table[slot] != position + 1; perturb >>>= 5) {
            slot = nextSlot(slot, perturb >>> 5, mask);
        }
        return slot;
    }

    private void store(int position, @Nullable Object value) {
        Column column = valueColumn();
        if (!column.accepts(value)) {
            column = column.widen(used);
            values = column;
        }
        column.set(position, value);
    }

    private void append(@Nullable Object key, @Nullable Object value) {
        if (keys == null) {
            keys = Column.holding(key, MIN_CAPACITY);
            values = Column.holding(value, MIN_CAPACITY);
        }
        if (used == keyColumn().capacity()) {
            // compact when a quarter of the positions are holes, else grow by half
            resize(used - size >= used / 4 ? used : used + Math.max(MIN_CAPACITY, used / 2));
        }
        if ((size + dummies + 1) * 3L > table.length * 2L) {
            rebuildTable(size + 1);
        }
        int position = used++;
        Column keyColumn = keyColumn();
        if (!keyColumn.accepts(key)) {
            keyColumn = keyColumn.widen(position);
            keys = keyColumn;
        }
        keyColumn.set(position, key);
        store(position, value);
        insert(spread(key), position);
        size++;
        modCount++;
    }

    private void insert(int hash, int position) {
        int mask = table.length - 1;
        int slot = hash & mask;
        for (int perturb = hash; table[slot] > 0; perturb >>>= 5) {
            slot = nextSlot(slot, perturb >>> 5, mask);
        }
        if (table[slot] == -1) {
            dummies--;
        }
        table[slot] = position + 1;
    }

    private void removeSlot(int slot, boolean mayCompact) {
        int position = table[slot] - 1;
        table[slot] = -1;
        dummies++;
        keyColumn().clear(position);
        valueColumn().clear(position);
        size--;
        modCount++;
        if (size == 0 && mayCompact) {
            clear();
            return;
        }
        if (position == used - 1) {
            used--;
        } else {
            if (removed == null) {
                removed = new BitSet();
            }
            removed.set(position);
        }
        int capacity = keyColumn().capacity();
        if (mayCompact && capacity > 4 * MIN_CAPACITY && size < capacity / 4) {
            resize(Math.max(MIN_CAPACITY, size * 2));
        }
    }

    /** Moves the live entries to the front of columns of {@code capacity} positions (at least as many as live). */
    private void resize(int capacity) {
        Column keyColumn = keyColumn();
        Column valueColumn = valueColumn();
        BitSet gone = removed;
        if (gone != null) {
            int to = 0;
            for (int from = nextLive(0); from < used; from = nextLive(from + 1)) {
                keyColumn.move(from, to);
                valueColumn.move(from, to);
                to++;
            }
            for (int position = to; position < used; position++) {
                keyColumn.clear(position);
                valueColumn.clear(position);
            }
            used = to;
            removed = null;
        }
        keys = keyColumn.resized(Math.max(capacity, used));
        values = valueColumn.resized(Math.max(capacity, used));
        if (gone != null || table.length > 8L * Math.max(size, MIN_CAPACITY)) {
            rebuildTable(size); // positions moved, or a table left from a bigger map
        }
    }

    private void rebuildTable(int entries) {
        // half full after a rebuild; rebuilt again past two thirds (removed entries' slots counted)
        int length = Integer.highestOneBit(Math.max(MIN_CAPACITY, entries * 2) - 1) << 1;
        table = new int[length];
        dummies = 0;
        Column keyColumn = keyColumn();
        for (int position = nextLive(0); position < used; position = nextLive(position + 1)) {
            insert(mix(keyColumn.hash(position)), position);
        }
    }

    /** Walks the live positions in insertion order. */
    private final class EntryIterator implements Iterator<Map.Entry<Object, @Nullable Object>> {
        private int position = nextLive(0);
        private int last = -1;
        private int expected = modCount;

        @Override
        public boolean hasNext() {
            return position < used;
        }

        @Override
        public Map.Entry<Object, @Nullable Object> next() {
            if (modCount != expected) {
                throw new ConcurrentModificationException();
            }
            if (position >= used) {
                throw new NoSuchElementException();
            }
            last = position;
            position = CompactMap.this.nextLive(position + 1);
            return new Entry(keyColumn().get(last), valueColumn().get(last));
        }

        @Override
        public void remove() {
            if (last < 0) {
                throw new IllegalStateException();
            }
            if (modCount != expected) {
                throw new ConcurrentModificationException();
            }
            int slot = slotOfPosition(last);
            last = -1;
            removeSlot(slot, false);
            expected = modCount;
            if (size == 0) {
                clear();
                expected = modCount;
            }
        }
    }

    /** An entry the iterator returns; {@code setValue} writes through. */
    private final class Entry extends AbstractMap.SimpleEntry<Object, @Nullable Object> {
        private static final long serialVersionUID = 1L;

        Entry(@Nullable Object key, @Nullable Object value) {
            super(key, value);
        }

        @Override
        public @Nullable Object setValue(@Nullable Object value) {
            int slot = slotOf(getKey());
            if (slot >= 0) {
                store(table[slot] - 1, value);
            }
            return super.setValue(value);
        }
    }

    /**
     * One column of the map: the keys or the values by position. {@link Ints} and {@link Longs} hold their
     * elements unboxed; {@link #widen} turns either into {@link Refs} when another kind arrives.
     */
    private abstract static class Column {

        /** A column suited to {@code first}. */
        static Column holding(@Nullable Object first, int capacity) {
            if (first instanceof Integer) {
                return new Ints(capacity);
            }
            if (first instanceof Long) {
                return new Longs(capacity);
            }
            return new Refs(capacity);
        }

        abstract int capacity();

        abstract boolean accepts(@Nullable Object element);

        abstract @Nullable Object get(int position);

        abstract void set(int position, @Nullable Object element);

        /** Whether the element at {@code position} equals {@code element}, compared as LinkedHashMap does. */
        abstract boolean holds(int position, @Nullable Object element);

        abstract int hash(int position);

        abstract void move(int from, int to);

        void clear(int position) {
        }

        abstract Column resized(int capacity);

        /** A column of the same capacity and elements that shares nothing with this one. */
        abstract Column copy();

        /** The same elements in positions below {@code used}, as references. */
        Refs widen(int used) {
            Refs refs = new Refs(capacity());
            for (int position = 0; position < used; position++) {
                refs.set(position, get(position));
            }
            return refs;
        }
    }

    private static final class Ints extends Column {
        private int[] elements;

        Ints(int capacity) {
            elements = new int[capacity];
        }

        @Override
        int capacity() {
            return elements.length;
        }

        @Override
        boolean accepts(@Nullable Object element) {
            return element instanceof Integer;
        }

        @Override
        Object get(int position) {
            return elements[position];
        }

        @Override
        void set(int position, @Nullable Object element) {
            elements[position] = (Integer) java.util.Objects.requireNonNull(element);
        }

        @Override
        boolean holds(int position, @Nullable Object element) {
            return element instanceof Integer i && i == elements[position];
        }

        @Override
        int hash(int position) {
            return elements[position];
        }

        @Override
        void move(int from, int to) {
            elements[to] = elements[from];
        }

        @Override
        Column resized(int capacity) {
            if (capacity != elements.length) {
                elements = Arrays.copyOf(elements, capacity);
            }
            return this;
        }

        @Override
        Column copy() {
            Ints copy = new Ints(0);
            copy.elements = elements.clone();
            return copy;
        }
    }

    private static final class Longs extends Column {
        private long[] elements;

        Longs(int capacity) {
            elements = new long[capacity];
        }

        @Override
        int capacity() {
            return elements.length;
        }

        @Override
        boolean accepts(@Nullable Object element) {
            return element instanceof Long;
        }

        @Override
        Object get(int position) {
            return elements[position];
        }

        @Override
        void set(int position, @Nullable Object element) {
            elements[position] = (Long) java.util.Objects.requireNonNull(element);
        }

        @Override
        boolean holds(int position, @Nullable Object element) {
            return element instanceof Long l && l == elements[position];
        }

        @Override
        int hash(int position) {
            return Long.hashCode(elements[position]);
        }

        @Override
        void move(int from, int to) {
            elements[to] = elements[from];
        }

        @Override
        Column resized(int capacity) {
            if (capacity != elements.length) {
                elements = Arrays.copyOf(elements, capacity);
            }
            return this;
        }

        @Override
        Column copy() {
            Longs copy = new Longs(0);
            copy.elements = elements.clone();
            return copy;
        }
    }

    private static final class Refs extends Column {
        private @Nullable Object[] elements;

        Refs(int capacity) {
            elements = new Object[capacity];
        }

        @Override
        int capacity() {
            return elements.length;
        }

        @Override
        boolean accepts(@Nullable Object element) {
            return true;
        }

        @Override
        @Nullable Object get(int position) {
            return elements[position];
        }

        @Override
        void set(int position, @Nullable Object element) {
            elements[position] = element;
        }

        @Override
        boolean holds(int position, @Nullable Object element) {
            Object held = elements[position];
            return held == element || element != null && element.equals(held);
        }

        @Override
        int hash(int position) {
            Object held = elements[position];
            return held == null ? 0 : held.hashCode();
        }

        @Override
        void move(int from, int to) {
            elements[to] = elements[from];
        }

        @Override
        void clear(int position) {
            elements[position] = null;
        }

        @Override
        Column resized(int capacity) {
            if (capacity != elements.length) {
                elements = Arrays.copyOf(elements, capacity);
            }
            return this;
        }

        @Override
        Column copy() {
            Refs copy = new Refs(0);
            copy.elements = elements.clone();
            return copy;
        }

        @Override
        Refs widen(int used) {
            return this;
        }
    }
}
