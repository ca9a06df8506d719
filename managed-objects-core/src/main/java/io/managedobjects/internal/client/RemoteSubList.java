package io.managedobjects.internal.client;

import java.util.AbstractList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.ListIterator;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A view of a range of a shared list. Single-element operations are one call each on the shared list;
 * reads of the whole range (iteration, {@code toArray}, {@code equals}) are one call.
 */
final class RemoteSubList<E> extends AbstractList<E> {

    private final RemoteList<E> root;
    private final @Nullable RemoteSubList<E> parent;
    private final int offset;
    private int size;

    RemoteSubList(RemoteList<E> root, @Nullable RemoteSubList<E> parent, int from, int to, int parentSize) {
        if (from < 0 || to > parentSize || from > to) {
            throw new IndexOutOfBoundsException("subList(" + from + ", " + to + ") out of bounds for size " + parentSize);
        }
        this.root = root;
        this.parent = parent;
        this.offset = from;
        this.size = to - from;
    }

    @Override
    public E get(int index) {
        Objects.checkIndex(index, size);
        return root.get(offset + index);
    }

    @Override
    public E set(int index, E element) {
        Objects.checkIndex(index, size);
        return root.set(offset + index, element);
    }

    @Override
    public void add(int index, E element) {
        Objects.checkIndex(index, size + 1);
        root.add(offset + index, element);
        sizeChanged(1);
    }

    @Override
    public E remove(int index) {
        Objects.checkIndex(index, size);
        E removed = root.remove(offset + index);
        sizeChanged(-1);
        return removed;
    }

    @Override
    public boolean addAll(int index, Collection<? extends E> c) {
        Objects.checkIndex(index, size + 1);
        int added = c.size();
        if (added == 0) {
            return false;
        }
        root.addAll(offset + index, c);
        sizeChanged(added);
        return true;
    }

    @Override
    public boolean addAll(Collection<? extends E> c) {
        return addAll(size, c);
    }

    @Override
    public int size() {
        return size;
    }

    private void sizeChanged(int delta) {
        size += delta;
        if (parent != null) {
            parent.sizeChanged(delta);
        }
    }

    @Override
    public void clear() {
        root.removeRange(offset, offset + size);
        sizeChanged(-size);
    }

    @Override
    protected void removeRange(int from, int to) {
        root.removeRange(offset + from, offset + to);
        sizeChanged(from - to);
    }

    @Override
    public Iterator<E> iterator() {
        return listIterator(0);
    }

    @Override
    public ListIterator<E> listIterator(int index) {
        Objects.checkIndex(index, size + 1);
        return new SnapshotListIterator<>(root, offset, root.range(offset, offset + size), index) {
            @Override
            void sizeChanged(int delta) {
                RemoteSubList.this.sizeChanged(delta);
            }
        };
    }

    @Override
    public List<E> subList(int fromIndex, int toIndex) {
        if (fromIndex < 0 || toIndex > size || fromIndex > toIndex) {
            throw new IndexOutOfBoundsException("subList(" + fromIndex + ", " + toIndex + ") out of bounds for size " + size);
        }
        return new RemoteSubList<>(root, this, offset + fromIndex, offset + toIndex, root.size());
    }

    @Override
    public Object[] toArray() {
        return root.range(offset, offset + size).toArray();
    }

    @Override
    public <T> T[] toArray(T[] a) {
        return root.range(offset, offset + size).toArray(a);
    }
}
