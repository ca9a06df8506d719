package io.managedobjects.internal.client;

import java.util.List;
import java.util.ListIterator;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;

/**
 * A list iterator over a snapshot of (a range of) a shared list. {@code remove}, {@code set} and
 * {@code add} are remote calls by index, mirrored in the snapshot so that later indices stay right.
 */
class SnapshotListIterator<E> implements ListIterator<E> {

    private final RemoteList<E> root;
    private final int offset;
    private final List<E> snapshot;
    private int cursor;
    private int lastReturned = -1;

    SnapshotListIterator(RemoteList<E> root, int offset, List<E> snapshot, int index) {
        if (index < 0 || index > snapshot.size()) {
            throw new IndexOutOfBoundsException("Index: " + index + ", Size: " + snapshot.size());
        }
        this.root = root;
        this.offset = offset;
        this.snapshot = snapshot;
        this.cursor = index;
    }

    /** Called when this iterator adds or removes an element (sub-lists track their size). */
    void sizeChanged(int delta) {
    }

    @Override
    public boolean hasNext() {
        return cursor < snapshot.size();
    }

    @Override
    public E next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        lastReturned = cursor++;
        return snapshot.get(lastReturned);
    }

    @Override
    public boolean hasPrevious() {
        return cursor > 0;
    }

    @Override
    public E previous() {
        if (!hasPrevious()) {
            throw new NoSuchElementException();
        }
        lastReturned = --cursor;
        return snapshot.get(lastReturned);
    }

    @Override
    public int nextIndex() {
        return cursor;
    }

    @Override
    public int previousIndex() {
        return cursor - 1;
    }

    @Override
    public void remove() {
        checkLastReturned();
        root.call("removeAtIfSame", offset + lastReturned, snapshot.get(lastReturned));
        snapshot.remove(lastReturned);
        cursor = lastReturned;
        lastReturned = -1;
        sizeChanged(-1);
    }

    @Override
    public void set(@Nullable E element) {
        checkLastReturned();
        root.call("setIfSame", offset + lastReturned, snapshot.get(lastReturned), element);
        snapshot.set(lastReturned, element);
    }

    @Override
    public void add(@Nullable E element) {
        root.add(offset + cursor, element);
        snapshot.add(cursor++, element);
        lastReturned = -1;
        sizeChanged(1);
    }

    private void checkLastReturned() {
        if (lastReturned < 0) {
            throw new IllegalStateException("next() or previous() has not been called since the last remove() or add()");
        }
    }
}
