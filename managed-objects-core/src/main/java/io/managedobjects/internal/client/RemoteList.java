package io.managedobjects.internal.client;

import io.managedobjects.SharedList;
import io.managedobjects.SharedRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.ListIterator;
import java.util.Objects;
import java.util.Spliterator;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The proxy of a shared list. Iterators and sub-list reads work on a snapshot taken in one call.
 * Functions computed in this process ({@code removeIf}, {@code replaceAll}, {@code sort} with a
 * comparator) are applied by compare-and-set on the list's version, so they are atomic too.
 */
final class RemoteList<E> extends RemoteObject implements SharedList<E> {

    RemoteList(ProxyChannel channel, SharedRef ref) {
        super(channel, ref);
    }

    @Override public int size() { return callInt("size"); }
    @Override public boolean isEmpty() { return callBoolean("isEmpty"); }
    @Override public boolean contains(@Nullable Object o) { return query(false, "contains", o); }
    @Override public boolean containsAll(Collection<?> c) { return query(false, "containsAll", copy(c)); }
    @Override public int indexOf(@Nullable Object o) { return query(-1, "indexOf", o); }
    @Override public int lastIndexOf(@Nullable Object o) { return query(-1, "lastIndexOf", o); }
    @Override public E get(int index) { return call("get", index); }
    @Override public E set(int index, E element) { return call("set", index, element); }
    @Override public boolean add(E element) { return callBoolean("add", element); }
    @Override public void add(int index, E element) { call("insert", index, element); }
    @Override public E remove(int index) { return call("removeAt", index); }
    @Override public boolean remove(@Nullable Object o) { return query(false, "removeElement", o); }
    @Override public boolean addAll(Collection<? extends E> c) { return callBoolean("addAll", copy(c)); }
    @Override public boolean addAll(int index, Collection<? extends E> c) { return callBoolean("insertAll", index, copy(c)); }
    @Override public boolean removeAll(Collection<?> c) { return callWithSendable("removeAll", Objects.requireNonNull(c)); }
    @Override public boolean retainAll(Collection<?> c) { return callWithSendable("retainAll", Objects.requireNonNull(c)); }
    @Override public void clear() { call("clear"); }
    @Override public int hashCode() { return channel().comparesByIdentity() ? super.hashCode() : snapshot().hashCode(); }
    @Override public String toString() { return call("text"); }

    private static ArrayList<Object> copy(Collection<?> c) {
        return new ArrayList<>(Objects.requireNonNull(c));
    }

    /** A copy of the whole list, in one call. */
    ArrayList<E> snapshot() {
        return call("snapshot");
    }

    ArrayList<E> range(int from, int to) {
        return call("range", from, to);
    }

    void removeRange(int from, int to) {
        call("removeRange", from, to);
    }

    @Override public Object[] toArray() { return snapshot().toArray(); }
    @Override public <T> T[] toArray(T[] a) { return snapshot().toArray(a); }
    @Override public Iterator<E> iterator() { return listIterator(0); }
    @Override public ListIterator<E> listIterator() { return listIterator(0); }
    @Override public Spliterator<E> spliterator() { return snapshot().spliterator(); }
    @Override public void forEach(Consumer<? super E> action) { snapshot().forEach(action); }

    @Override
    public ListIterator<E> listIterator(int index) {
        return new SnapshotListIterator<>(this, 0, snapshot(), index);
    }

    @Override
    public List<E> subList(int fromIndex, int toIndex) {
        return new RemoteSubList<>(this, null, fromIndex, toIndex, size());
    }

    @Override
    public boolean equals(@Nullable Object o) {
        if (o == this) {
            return true;
        }
        if (channel().comparesByIdentity()) {
            return super.equals(o);
        }
        if (o instanceof RemoteList<?> other) {
            return snapshot().equals(other.snapshot());
        }
        return o instanceof List<?> && snapshot().equals(o);
    }

    @Override
    public void sort(@Nullable Comparator<? super E> c) {
        if (c == null) {
            call("sortNatural");
        } else {
            update(list -> {
                list.sort(c);
                return true;
            });
        }
    }

    @Override
    public boolean removeIf(Predicate<? super E> filter) {
        Objects.requireNonNull(filter);
        return update(list -> list.removeIf(filter));
    }

    @Override
    public void replaceAll(UnaryOperator<E> operator) {
        Objects.requireNonNull(operator);
        update(list -> {
            list.replaceAll(operator);
            return true;
        });
    }

    /** Applies a local change to the contents by compare-and-set on the list's version; retries on conflict. */
    private boolean update(Predicate<List<E>> change) {
        while (true) {
            List<Object> versioned = call("versioned");
            long version = (Long) versioned.get(0);
            @SuppressWarnings("unchecked")
            List<E> contents = (List<E>) versioned.get(1);
            if (!change.test(contents)) {
                return false;
            }
            if (callBoolean("replaceIfVersion", version, contents)) {
                return true;
            }
        }
    }
}
