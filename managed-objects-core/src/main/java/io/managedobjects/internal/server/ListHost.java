package io.managedobjects.internal.server;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The hosted side of {@code SharedList}: an {@code ArrayList} (nulls allowed, as in a Python list).
 * Every public method is one remote operation, run under the monitor. A version number, bumped by every
 * change, lets clients apply functions computed locally ({@code removeIf}, {@code replaceAll},
 * {@code sort} with a comparator) by compare-and-set.
 */
final class ListHost implements Host {

    private final List<Object> list;
    private final Object monitor;
    private final boolean backed;
    private long version;
    /**
     * For a list a user instance shares: the contents the last {@link #versioned()} returned. The
     * instance's own code changes the list without bumping the version, so a compare-and-set also
     * checks that the contents are still these.
     */
    private @Nullable List<Object> versionedContents;

    /**
     * Creates a list holding {@code initial}.
     *
     * @param initial the initial elements, may be null
     */
    public ListHost(@Nullable Collection<?> initial) {
        this.list = initial == null ? new ArrayList<>() : new ArrayList<>(initial);
        this.monitor = this;
        this.backed = false;
    }

    @SuppressWarnings("unchecked")
    private ListHost(List<?> backing, Object monitor) {
        this.list = (List<Object>) backing;
        this.monitor = monitor;
        this.backed = true;
    }

    /**
     * Hosts a list a user instance returned ({@code @SharedResult}): calls share the instance's monitor.
     *
     * @param backing the very list
     * @param monitor the owning instance's monitor
     * @return the host
     */
    static ListHost backedBy(List<?> backing, Object monitor) {
        return new ListHost(backing, monitor);
    }

    @Override
    public Object monitor() {
        return monitor;
    }

    @Override
    public Integer hostedSize() {
        return list.size();
    }

    @Override
    public void forEachValue(Consumer<@Nullable Object> visitor) {
        visitor.accept(list);
    }

    private <T> T changed(T result) {
        version++;
        return result;
    }

    public int size() {
        return list.size();
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    public boolean contains(@Nullable Object element) {
        return list.contains(element);
    }

    public boolean containsAll(Collection<?> elements) {
        return list.containsAll(elements);
    }

    public int indexOf(@Nullable Object element) {
        return list.indexOf(element);
    }

    public int lastIndexOf(@Nullable Object element) {
        return list.lastIndexOf(element);
    }

    public @Nullable Object get(int index) {
        return list.get(index);
    }

    public @Nullable Object set(int index, @Nullable Object element) {
        return changed(list.set(index, element));
    }

    public boolean add(@Nullable Object element) {
        return changed(list.add(element));
    }

    public void insert(int index, @Nullable Object element) {
        list.add(index, element);
        version++;
    }

    public boolean addAll(Collection<?> elements) {
        return changed(list.addAll(elements));
    }

    public boolean insertAll(int index, Collection<?> elements) {
        return changed(list.addAll(index, elements));
    }

    /**
     * Removes the element at an index; it is encoded for the caller first, so an element the caller
     * cannot receive stays (and the call fails).
     *
     * @param call the caller
     * @param index the index
     * @return the prepared reply: the removed element
     */
    public @Nullable Object removeAt(ImmediateCall call, int index) {
        Object reply = call.prepare(list.get(index));
        list.remove(index);
        return changed(reply);
    }

    /**
     * Removes the element at {@code index} if it is still {@code expected} (iterators work on snapshots).
     *
     * @param index the index in the caller's snapshot
     * @param expected the element the caller saw there
     * @throws java.util.ConcurrentModificationException if the list changed there
     */
    public void removeAtIfSame(int index, @Nullable Object expected) {
        checkSame(index, expected);
        list.remove(index);
        version++;
    }

    /**
     * Replaces the element at {@code index} if it is still {@code expected}.
     *
     * @param index the index in the caller's snapshot
     * @param expected the element the caller saw there
     * @param element the new element
     * @throws java.util.ConcurrentModificationException if the list changed there
     */
    public void setIfSame(int index, @Nullable Object expected, @Nullable Object element) {
        checkSame(index, expected);
        list.set(index, element);
        version++;
    }

    private void checkSame(int index, @Nullable Object expected) {
        if (index >= list.size() || !java.util.Objects.deepEquals(list.get(index), expected)) {
            throw new java.util.ConcurrentModificationException("The shared list changed since this iterator's snapshot was taken");
        }
    }

    public boolean removeElement(@Nullable Object element) {
        return changed(list.remove(element));
    }

    public boolean removeAll(Collection<?> elements) {
        return changed(list.removeAll(elements));
    }

    public boolean retainAll(Collection<?> elements) {
        return changed(list.retainAll(elements));
    }

    public void removeRange(int from, int to) {
        checkRange(from, to);
        list.subList(from, to).clear();
        version++;
    }

    public void clear() {
        list.clear();
        version++;
    }

    public ArrayList<Object> snapshot() {
        return new ArrayList<>(list);
    }

    public ArrayList<Object> range(int from, int to) {
        checkRange(from, to);
        return new ArrayList<>(list.subList(from, to));
    }

    /**
     * The version and the contents, read together.
     *
     * @return a two-element list: the version (a Long) and a copy of the contents
     */
    public List<Object> versioned() {
        ArrayList<Object> contents = new ArrayList<>(list);
        if (backed) {
            version++;
            versionedContents = contents;
        }
        return List.of(version, contents);
    }

    /**
     * Replaces the contents if nothing changed since {@code expectedVersion}.
     *
     * @param expectedVersion the version read by {@link #versioned()}
     * @param contents the new contents
     * @return whether they were replaced
     */
    public boolean replaceIfVersion(long expectedVersion, Collection<?> contents) {
        if (expectedVersion != version || backed && !list.equals(versionedContents)) {
            return false;
        }
        versionedContents = null;
        list.clear();
        list.addAll(contents);
        version++;
        return true;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public void sortNatural() {
        Collections.sort((List) list);
        version++;
    }

    public String text() {
        return list.toString();
    }

    private void checkRange(int from, int to) {
        if (from < 0 || to > list.size() || from > to) {
            throw new IndexOutOfBoundsException("Range [" + from + ", " + to + ") out of bounds for length " + list.size());
        }
    }
}
