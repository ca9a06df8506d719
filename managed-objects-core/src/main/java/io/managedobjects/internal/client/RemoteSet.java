package io.managedobjects.internal.client;

import io.managedobjects.SharedRef;
import io.managedobjects.SharedSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.Spliterator;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/** The proxy of a shared set. Iteration walks a snapshot taken in one call. */
final class RemoteSet<E> extends RemoteObject implements SharedSet<E> {

    RemoteSet(ProxyChannel channel, SharedRef ref) {
        super(channel, ref);
    }

    @Override public int size() { return callInt("size"); }
    @Override public boolean isEmpty() { return callBoolean("isEmpty"); }
    @Override public boolean contains(@Nullable Object o) { return query(false, "contains", o); }
    @Override public boolean containsAll(Collection<?> c) { return query(false, "containsAll", new ArrayList<>(Objects.requireNonNull(c))); }
    @Override public boolean add(E e) { return callBoolean("add", e); }
    @Override public boolean addAll(Collection<? extends E> c) { return callBoolean("addAll", new ArrayList<>(c)); }
    @Override public boolean remove(@Nullable Object o) { return query(false, "remove", o); }
    @Override public boolean removeAll(Collection<?> c) { return callWithSendable("removeAll", Objects.requireNonNull(c)); }
    @Override public boolean retainAll(Collection<?> c) { return callWithSendable("retainAll", Objects.requireNonNull(c)); }
    @Override public void clear() { call("clear"); }
    @Override public int hashCode() { return channel().comparesByIdentity() ? super.hashCode() : new java.util.HashSet<>(snapshot()).hashCode(); }
    @Override public String toString() { return call("text"); }

    /** The elements, in one call. */
    List<E> snapshot() {
        return call("snapshot");
    }

    @Override public Object[] toArray() { return snapshot().toArray(); }
    @Override public <T> T[] toArray(T[] a) { return snapshot().toArray(a); }
    @Override public Spliterator<E> spliterator() { return snapshot().spliterator(); }
    @Override public void forEach(Consumer<? super E> action) { snapshot().forEach(action); }

    @Override
    public Iterator<E> iterator() {
        return new RemoteMap.SnapshotIterator<>(snapshot(), this::remove);
    }

    @Override
    public boolean removeIf(Predicate<? super E> filter) {
        Objects.requireNonNull(filter);
        while (true) {
            List<E> before = snapshot();
            List<E> after = new ArrayList<>(before);
            if (!after.removeIf(filter)) {
                return false;
            }
            if (callBoolean("replaceIfUnchanged", before, after)) {
                return true;
            }
        }
    }

    @Override
    public boolean equals(@Nullable Object o) {
        if (o == this) {
            return true;
        }
        if (channel().comparesByIdentity()) {
            return super.equals(o);
        }
        if (!(o instanceof Set<?> other)) {
            return false;
        }
        Set<E> mine = new java.util.LinkedHashSet<>(snapshot());
        return o instanceof RemoteSet<?> remote ? mine.equals(new java.util.HashSet<>(remote.snapshot())) : mine.equals(other);
    }
}
