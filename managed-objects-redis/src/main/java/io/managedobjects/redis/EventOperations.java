package io.managedobjects.redis;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * {@code SharedEvent} on Redis: a flag and its generation. A waiter returns once the flag is set, or once it was set
 * since the waiter began (even if cleared again meanwhile, as Python's {@code Event} wakes every waiter of a
 * {@code set()}); waiters wait on the event's channel ({@link Notifications}).
 */
final class EventOperations implements RedisManager.Operations {

    private final RedisManager manager;
    private final Notifications notifications;

    EventOperations(RedisManager manager, Notifications notifications) {
        this.manager = manager;
        this.notifications = notifications;
    }

    @Override
    public @Nullable Object call(String id, String method, @Nullable Object[] args) throws InterruptedException {
        return switch (method) {
            case "set" -> {
                manager.run("evSet", id);
                yield null;
            }
            case "clear" -> {
                manager.run("evClear", id);
                yield null;
            }
            case "isSet" -> RedisManager.number(manager.run("evIsSet", id)) == 1;
            case "await" -> await(id, ((Number) Objects.requireNonNull(args[0])).longValue());
            default -> throw RedisManager.notOnRedis("SharedEvent operation " + method);
        };
    }

    /** Waits for the event; {@code timeoutNanos} -1 for as long as it takes. Returns whether it was set. */
    private boolean await(String id, long timeoutNanos) throws InterruptedException {
        String thread = RedisManager.callerThread();
        String[] seen = {""};
        Object result = notifications.block(manager.channel(id), timeoutNanos < 0 ? -1 : timeoutNanos, true, () -> {
            List<?> reply = (List<?>) Objects.requireNonNull(manager.run("evWait", id, thread, seen[0]));
            if (RedisManager.number(reply.get(0)) == 1) {
                return Boolean.TRUE;
            }
            seen[0] = RedisManager.text(reply.get(1));
            return Notifications.NOT_YET;
        }, () -> {
            manager.run("evCancel", id, thread);
            return Notifications.NOT_YET;
        });
        return result == Boolean.TRUE;
    }
}
