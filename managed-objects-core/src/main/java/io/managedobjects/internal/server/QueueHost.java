package io.managedobjects.internal.server;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The hosted side of {@code SharedQueue}: a FIFO {@code BlockingQueue} with an optional capacity, and
 * Python's JoinableQueue count of unfinished tasks. An item is handed to the first waiting taker still
 * there; a taker or putter whose caller is gone is dropped before it can take or add anything. An item
 * is only taken out for a caller that can receive it: one of a class the caller does not trust, or above
 * its frame limit, fails that caller's call and stays at the head of the queue.
 */
final class QueueHost implements Host {

    private final int capacity;
    private final ArrayDeque<Object> items = new ArrayDeque<>();
    private final ArrayDeque<Call> takers = new ArrayDeque<>();
    private final ArrayDeque<Call> putters = new ArrayDeque<>();
    private final ArrayDeque<Call> joiners = new ArrayDeque<>();
    private long unfinished;

    /** A parked put: the item and what the putter gets once it is added. */
    private record Put(Object item, @Nullable Object result) {
    }

    /**
     * Creates a queue.
     *
     * @param capacity the capacity, or 0 for unbounded
     */
    public QueueHost(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("A queue's capacity must be positive (or 0 for unbounded), got " + capacity);
        }
        this.capacity = capacity == 0 ? Integer.MAX_VALUE : capacity;
    }

    @Override
    public Integer hostedSize() {
        return items.size();
    }

    @Override
    public void forEachValue(Consumer<@Nullable Object> visitor) {
        visitor.accept(items);
        for (Call putter : putters) {
            visitor.accept(putter.<Put>attachment().item());
        }
    }

    @Override
    public Map<String, Object> state() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("capacity", capacity == Integer.MAX_VALUE ? "unbounded" : capacity);
        state.put("takers", takers.size());
        state.put("putters", putters.size());
        state.put("unfinishedTasks", unfinished);
        return state;
    }

    @Override
    public void destroyed() {
        LockHost.failAll(takers);
        LockHost.failAll(putters);
        LockHost.failAll(joiners);
    }

    // ---- adding ----

    public Object put(Call call, Object item) {
        Objects.requireNonNull(item, "a queue does not accept null");
        if (putters.isEmpty() && items.size() < capacity) {
            enqueue(item);
            return null;
        }
        putters.add(call.attach(new Put(item, null)));
        return call.park(this::abortPutter);
    }

    public boolean offer(Object item) {
        Objects.requireNonNull(item, "a queue does not accept null");
        if (putters.isEmpty() && items.size() < capacity) {
            enqueue(item);
            return true;
        }
        return false;
    }

    public Object offerFor(Call call, Object item, long timeoutNanos) {
        if (offer(item)) {
            return true;
        }
        putters.add(call.attach(new Put(item, true)));
        return call.park(timeoutNanos, () -> {
            putters.remove(call);
            call.complete(false);
        }, this::abortPutter);
    }

    /**
     * Adds every element while there is room, like {@code AbstractQueue.addAll}.
     *
     * @param elements the elements
     * @return whether the queue changed
     * @throws IllegalStateException when it is full (the elements before stay added)
     */
    public boolean addAll(Collection<?> elements) {
        for (Object element : elements) {
            if (!offer(element)) {
                throw new IllegalStateException("Queue full");
            }
        }
        return !elements.isEmpty();
    }

    private void enqueue(Object item) {
        unfinished++;
        if (!grantToTaker(item)) {
            items.add(item);
        }
    }

    /** Hands an item to the first taker still there; if its reply never reaches the taker, the item comes back to the head. */
    private boolean grantToTaker(Object item) {
        while (!takers.isEmpty()) {
            Call taker = takers.poll();
            taker.onUndelivered(() -> {
                if (!grantToTaker(item)) {
                    items.addFirst(item);
                }
            });
            if (taker.complete(item)) {
                return true;
            }
        }
        return false;
    }

    // ---- removing ----

    public Object take(Call call) {
        if (!items.isEmpty()) {
            return dequeue(call);
        }
        takers.add(call);
        return call.park(this::abortTaker);
    }

    public @Nullable Object poll(ImmediateCall call) {
        return items.isEmpty() ? null : dequeue(call);
    }

    public @Nullable Object pollFor(Call call, long timeoutNanos) {
        if (!items.isEmpty()) {
            return dequeue(call);
        }
        takers.add(call);
        return call.park(timeoutNanos, () -> {
            takers.remove(call);
            call.complete(null);
        }, this::abortTaker);
    }

    public Object removeHead(ImmediateCall call) {
        if (items.isEmpty()) {
            throw new NoSuchElementException("The queue is empty");
        }
        return dequeue(call);
    }

    public @Nullable Object peek() {
        return items.peek();
    }

    public Object drain(ImmediateCall call, int maxElements) {
        List<Object> drained = new ArrayList<>();
        for (Object item : items) {
            if (drained.size() >= maxElements) {
                break;
            }
            drained.add(item);
        }
        Object reply = call.prepare(drained);
        for (int i = 0; i < drained.size(); i++) {
            items.poll();
        }
        admitPutters();
        return reply;
    }

    public boolean remove(Object item) {
        boolean removed = items.remove(item);
        admitPutters();
        return removed;
    }

    public boolean removeAll(Collection<?> elements) {
        boolean changed = items.removeAll(elements);
        admitPutters();
        return changed;
    }

    public boolean retainAll(Collection<?> elements) {
        boolean changed = items.retainAll(elements);
        admitPutters();
        return changed;
    }

    public void clear() {
        items.clear();
        admitPutters();
    }

    /**
     * Takes the head for a caller: its reply is made first, so an item the caller cannot receive stays; an item
     * whose reply is never written (the caller's connection failed first) comes back to the head.
     */
    private Object dequeue(ImmediateCall call) {
        Object head = items.peek();
        call.onUndelivered(() -> {
            if (!grantToTaker(head)) {
                items.addFirst(head);
            }
        });
        Object reply = call.prepare(head);
        items.poll();
        admitPutters();
        return reply;
    }

    private void admitPutters() {
        while (items.size() < capacity && !putters.isEmpty()) {
            Call putter = putters.poll();
            Put put = putter.attachment();
            if (putter.complete(put.result())) {
                enqueue(put.item());
            }
        }
    }

    private void abortTaker(Call call, boolean callerGone) {
        takers.remove(call);
        if (!callerGone) {
            call.fail(new InterruptedException("Interrupted while waiting for an item"));
        }
    }

    private void abortPutter(Call call, boolean callerGone) {
        putters.remove(call);
        if (!callerGone) {
            call.fail(new InterruptedException("Interrupted while waiting for room in the queue"));
        }
    }

    // ---- reading ----

    public int size() {
        return items.size();
    }

    public boolean isEmpty() {
        return items.isEmpty();
    }

    public int remainingCapacity() {
        return capacity == Integer.MAX_VALUE ? Integer.MAX_VALUE : capacity - items.size();
    }

    public boolean contains(Object item) {
        return items.contains(item);
    }

    public boolean containsAll(Collection<?> elements) {
        return items.containsAll(elements);
    }

    public List<Object> snapshot() {
        return new ArrayList<>(items);
    }

    public String text() {
        return items.toString();
    }

    // ---- JoinableQueue ----

    public void taskDone() {
        if (unfinished <= 0) {
            throw new IllegalStateException("taskDone() called more times than there were items put");
        }
        if (--unfinished == 0) {
            while (!joiners.isEmpty()) {
                joiners.poll().complete(null);
            }
        }
    }

    public Object join(Call call) {
        if (unfinished == 0) {
            return null;
        }
        joiners.add(call);
        return call.park((c, gone) -> {
            joiners.remove(c);
            if (!gone) {
                c.fail(new InterruptedException("Interrupted while joining the queue"));
            }
        });
    }
}
