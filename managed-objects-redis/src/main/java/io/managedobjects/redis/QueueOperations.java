package io.managedobjects.redis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * {@code SharedQueue} on Redis: a list of items (as {@link ListOperations} keeps them), a capacity and Python's
 * count of unfinished tasks. A taken item stays in flight in Redis until this process has it decoded and acknowledges
 * it: if the taking process dies first, its session's end puts the item back at the head, and an item this process
 * cannot decode goes back at once. Offers and takes carry a token of their own, so that one sent again after a
 * reconnection is applied once. Callers that must
 * wait (a take from an empty queue, a put into a full one, a join) wait on the queue's channel
 * ({@link Notifications}) and try again after each change.
 */
final class QueueOperations implements RedisManager.Operations {

    private static final Object NOT_YET = Notifications.NOT_YET;

    private final RedisManager manager;
    private final ListOperations lists;
    private final Notifications notifications;
    private final AtomicLong tokens = new AtomicLong();

    QueueOperations(RedisManager manager, ListOperations lists, Notifications notifications) {
        this.manager = manager;
        this.lists = lists;
        this.notifications = notifications;
    }

    @Override
    public @Nullable Object call(String id, String method, @Nullable Object[] args) throws InterruptedException {
        return switch (method) {
            case "offer" -> offer(id, args[0]);
            case "put" -> {
                block(id, -1, () -> offer(id, args[0]) ? Boolean.TRUE : NOT_YET);
                yield null;
            }
            case "offerFor" -> block(id, nanos(args[1]), () -> offer(id, args[0]) ? Boolean.TRUE : NOT_YET) == Boolean.TRUE;
            case "addAll" -> {
                Collection<?> elements = (Collection<?>) Objects.requireNonNull(args[0]);
                for (Object element : elements) {
                    Objects.requireNonNull(element, "a queue does not accept null");
                }
                Object[] items = lists.items(elements);
                long added = items.length == 0 ? 0 : RedisManager.number(manager.run("qOffer", id, withToken(items)));
                if (added < items.length) {
                    throw new IllegalStateException("Queue full");
                }
                yield items.length > 0;
            }
            case "poll" -> orNull(takeOne(id));
            case "take" -> block(id, -1, () -> takeOne(id));
            case "pollFor" -> orNull(block(id, nanos(args[0]), () -> takeOne(id)));
            case "removeHead" -> {
                Object head = takeOne(id);
                if (head == NOT_YET) {
                    throw new NoSuchElementException("The queue is empty");
                }
                yield head;
            }
            case "drain" -> take(id, ((Number) Objects.requireNonNull(args[0])).intValue());
            case "peek" -> lists.decode(manager.run("qPeek", id));
            case "size" -> (int) RedisManager.number(manager.run("qSize", id));
            case "isEmpty" -> RedisManager.number(manager.run("qSize", id)) == 0;
            case "remainingCapacity" -> (int) RedisManager.number(manager.run("qRoom", id));
            case "taskDone" -> {
                manager.run("qTaskDone", id);
                yield null;
            }
            case "join" -> {
                block(id, -1, () -> RedisManager.number(manager.run("qUnfinished", id)) == 0 ? Boolean.TRUE : NOT_YET);
                yield null;
            }
            // the rest as a list's: on a snapshot, applied if the queue has not changed since
            case "contains", "containsAll", "snapshot", "clear", "text" -> lists.call(id, method, args);
            case "remove" -> lists.call(id, "removeElement", args);
            case "removeAll", "retainAll" -> lists.call(id, method, args);
            default -> throw RedisManager.notOnRedis("SharedQueue operation " + method);
        };
    }

    private boolean offer(String id, @Nullable Object item) {
        Object[] items = lists.items(List.of(Objects.requireNonNull(item, "a queue does not accept null")));
        return RedisManager.number(manager.run("qOffer", id, withToken(items))) == 1;
    }

    /** The call's own token, then the arguments: a call sent again after a reconnection is applied once. */
    private Object[] withToken(Object[] args) {
        Object[] withToken = new Object[args.length + 1];
        withToken[0] = token();
        System.arraycopy(args, 0, withToken, 1, args.length);
        return withToken;
    }

    /** A token of this manager's, of fixed width: a session's tokens sort in the order they were made. */
    private String token() {
        return String.format("%016x", tokens.incrementAndGet());
    }

    private Object takeOne(String id) {
        List<@Nullable Object> taken = take(id, 1);
        return taken.isEmpty() ? NOT_YET : Objects.requireNonNull(taken.get(0));
    }

    private static long nanos(@Nullable Object timeout) {
        return Math.max(0, ((Number) Objects.requireNonNull(timeout)).longValue());
    }

    private static @Nullable Object orNull(@Nullable Object result) {
        return result == NOT_YET ? null : result;
    }

    /**
     * Takes up to {@code max} items from the head, and acknowledges them once decoded (in the session that took them:
     * if that session ended meanwhile, they went back to the head, and are taken again).
     *
     * @return what was taken, empty if the queue was empty
     */
    private List<@Nullable Object> take(String id, int max) {
        while (true) {
            String token = token();
            RedisManager.Call call = manager.call("qTake", id, token, max);
            List<?> items = (List<?>) Objects.requireNonNull(call.result());
            if (items.isEmpty()) {
                return new ArrayList<>();
            }
            List<@Nullable Object> taken = decodeOrReturn(id, token, items);
            if (manager.acknowledge(call, "qAck", id, token)) {
                return taken;
            }
        }
    }

    private List<@Nullable Object> decodeOrReturn(String id, String token, List<?> items) {
        List<@Nullable Object> taken = new ArrayList<>(items.size());
        try {
            for (Object item : items) {
                taken.add(lists.decode(item));
            }
        } catch (RuntimeException e) {
            manager.run("qReturn", id, token);   // this process cannot receive them: they stay at the head
            throw e;
        }
        return taken;
    }

    /**
     * Tries until the try completes, waiting on the queue's channel between tries.
     *
     * @param timeoutNanos how long at most, or -1 for as long as it takes
     * @return what the try returned, or {@link #NOT_YET} when the time is up
     * @throws InterruptedException if the thread is interrupted while it waits (nothing was taken or added)
     */
    private Object block(String id, long timeoutNanos, Notifications.Attempt attempt) throws InterruptedException {
        return notifications.block(manager.channel(id), timeoutNanos, true, attempt, () -> NOT_YET);
    }
}
