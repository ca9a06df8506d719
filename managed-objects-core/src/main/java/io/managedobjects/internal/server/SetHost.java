package io.managedobjects.internal.server;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The hosted side of {@code SharedSet}: an insertion-ordered set (nulls allowed), held in a {@link CompactMap}
 * when the server creates it.
 */
final class SetHost implements Host {

    private final java.util.Set<Object> set;
    private final Object monitor;

    /**
     * Creates a set holding {@code initial}.
     *
     * @param initial the initial elements, may be null
     */
    public SetHost(@Nullable Collection<?> initial) {
        this.set = CompactMap.newSet();
        if (initial != null) {
            set.addAll(initial);
        }
        this.monitor = this;
    }

    @SuppressWarnings("unchecked")
    private SetHost(java.util.Set<?> backing, Object monitor) {
        this.set = (java.util.Set<Object>) backing;
        this.monitor = monitor;
    }

    /**
     * Hosts a set a user instance returned ({@code @SharedResult}): calls share the instance's monitor.
     *
     * @param backing the very set
     * @param monitor the owning instance's monitor
     * @return the host
     */
    static SetHost backedBy(java.util.Set<?> backing, Object monitor) {
        return new SetHost(backing, monitor);
    }

    @Override
    public Object monitor() {
        return monitor;
    }

    @Override
    public Integer hostedSize() {
        return set.size();
    }

    @Override
    public void forEachValue(Consumer<@Nullable Object> visitor) {
        visitor.accept(set);
    }

    public int size() {
        return set.size();
    }

    public boolean isEmpty() {
        return set.isEmpty();
    }

    public boolean contains(@Nullable Object element) {
        return set.contains(element);
    }

    public boolean containsAll(Collection<?> elements) {
        return set.containsAll(elements);
    }

    public boolean add(@Nullable Object element) {
        return set.add(element);
    }

    public boolean addAll(Collection<?> elements) {
        return set.addAll(elements);
    }

    public boolean remove(@Nullable Object element) {
        return set.remove(element);
    }

    public boolean removeAll(Collection<?> elements) {
        return set.removeAll(elements);
    }

    public boolean retainAll(Collection<?> elements) {
        return set.retainAll(elements);
    }

    public void clear() {
        set.clear();
    }

    public List<Object> snapshot() {
        return new ArrayList<>(set);
    }

    /**
     * Replaces the contents if they still equal {@code expected} (compare-and-set for {@code removeIf}).
     *
     * @param expected the contents the caller computed from
     * @param contents the new contents
     * @return whether they were replaced
     */
    public boolean replaceIfUnchanged(List<?> expected, List<?> contents) {
        if (!new ArrayList<>(set).equals(expected)) {
            return false;
        }
        set.clear();
        set.addAll(contents);
        return true;
    }

    public String text() {
        return set.toString();
    }
}
