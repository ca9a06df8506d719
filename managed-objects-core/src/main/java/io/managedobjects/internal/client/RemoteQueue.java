package io.managedobjects.internal.client;

import io.managedobjects.SharedQueue;
import io.managedobjects.SharedRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/** The proxy of a shared queue. Waiting puts and takes are blocking calls; iteration walks a snapshot. */
final class RemoteQueue<E> extends RemoteObject implements SharedQueue<E> {

    RemoteQueue(ProxyChannel channel, SharedRef ref) {
        super(channel, ref);
    }

    @Override public void put(E e) throws InterruptedException { callInterruptibly("put", Objects.requireNonNull(e)); }
    @Override public boolean offer(E e) { return callBoolean("offer", Objects.requireNonNull(e)); }
    @Override public boolean offer(E e, long timeout, TimeUnit unit) throws InterruptedException { return callInterruptibly("offerFor", Objects.requireNonNull(e), unit.toNanos(timeout)); }
    @Override public E take() throws InterruptedException { return callInterruptibly("take"); }
    @Override public @Nullable E poll() { return callUninterruptibly("poll"); }
    @Override public @Nullable E poll(long timeout, TimeUnit unit) throws InterruptedException { return callInterruptibly("pollFor", unit.toNanos(timeout)); }
    @Override public E remove() { return callUninterruptibly("removeHead"); }
    @Override public @Nullable E peek() { return call("peek"); }
    @Override public int remainingCapacity() { return callInt("remainingCapacity"); }
    @Override public int size() { return callInt("size"); }
    @Override public boolean isEmpty() { return callBoolean("isEmpty"); }
    @Override public boolean contains(Object o) { return query(false, "contains", o); }
    @Override public boolean containsAll(Collection<?> c) { return query(false, "containsAll", new ArrayList<>(c)); }
    @Override public boolean remove(Object o) { return query(false, "remove", o); }
    @Override public boolean removeAll(Collection<?> c) { return callWithSendable("removeAll", Objects.requireNonNull(c)); }
    @Override public boolean retainAll(Collection<?> c) { return callWithSendable("retainAll", Objects.requireNonNull(c)); }
    @Override public void clear() { call("clear"); }
    @Override public void taskDone() { call("taskDone"); }
    @Override public void join() throws InterruptedException { callInterruptibly("join"); }
    @Override public String toString() { return call("text"); }

    private List<E> snapshot() {
        return call("snapshot");
    }

    @Override public Object[] toArray() { return snapshot().toArray(); }
    @Override public <T> T[] toArray(T[] a) { return snapshot().toArray(a); }

    @Override
    public Iterator<E> iterator() {
        return new RemoteMap.SnapshotIterator<>(snapshot(), this::remove);
    }

    @Override
    public boolean add(E e) {
        if (!offer(e)) {
            throw new IllegalStateException("Queue full");
        }
        return true;
    }

    @Override
    public boolean addAll(Collection<? extends E> c) {
        if (c == this) {
            throw new IllegalArgumentException("A queue cannot be added to itself");
        }
        return callBoolean("addAll", new ArrayList<>(c));
    }

    @Override
    public E element() {
        E head = peek();
        if (head == null) {
            throw new NoSuchElementException("The queue is empty");
        }
        return head;
    }

    @Override
    public int drainTo(Collection<? super E> c) {
        return drainTo(c, Integer.MAX_VALUE);
    }

    @Override
    public int drainTo(Collection<? super E> c, int maxElements) {
        Objects.requireNonNull(c);
        if (c == this) {
            throw new IllegalArgumentException("A queue cannot be drained into itself");
        }
        if (maxElements <= 0) {
            return 0;
        }
        List<E> drained = callUninterruptibly("drain", maxElements);
        c.addAll(drained);
        return drained.size();
    }
}
