package io.managedobjects.redis;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * {@code SharedBarrier} on Redis, with {@code CyclicBarrier}'s rules: arrival indexes count down to 0 for the last
 * party, which trips the barrier (or, when its proxy has a barrier action, runs it and then reports); a party that
 * times out, is interrupted or dies (its session ends) breaks the barrier for every waiting party. Waiting parties
 * wait on the barrier's channel ({@link Notifications}); what became of them is kept in Redis until each has read it,
 * so a trip that races a timeout counts.
 */
final class BarrierOperations implements RedisManager.Operations {

    /** Returned to the last party when its proxy has a barrier action: it runs it, then calls {@code tripped}. */
    private static final int RUN_ACTION = -1;

    private final RedisManager manager;
    private final Notifications notifications;

    BarrierOperations(RedisManager manager, Notifications notifications) {
        this.manager = manager;
        this.notifications = notifications;
    }

    @Override
    public @Nullable Object call(String id, String method, @Nullable Object[] args) throws InterruptedException {
        return switch (method) {
            case "await" -> await(id, ((Number) Objects.requireNonNull(args[0])).longValue(), Boolean.TRUE.equals(args[1]));
            case "tripped" -> {
                manager.run("barTripped", id, Boolean.TRUE.equals(args[0]) ? "1" : "0");
                yield null;
            }
            case "reset" -> {
                manager.run("barReset", id);
                yield null;
            }
            case "abort" -> {
                manager.run("barAbort", id);
                yield null;
            }
            case "getParties" -> (int) state(id).get(0).longValue();
            case "getNumberWaiting" -> (int) state(id).get(1).longValue();
            case "isBroken" -> state(id).get(2) == 1;
            default -> throw RedisManager.notOnRedis("SharedBarrier operation " + method);
        };
    }

    private int await(String id, long timeoutNanos, boolean hasAction) throws InterruptedException {
        String thread = RedisManager.callerThread();
        List<?> arrival = (List<?>) Objects.requireNonNull(manager.run("barAwait", id, thread, hasAction ? "1" : "0"));
        String how = RedisManager.text(arrival.get(0));
        if (!how.equals("wait")) {
            return how.equals("act") ? RUN_ACTION : 0;
        }
        String[] left = {""};
        Object outcome = notifications.block(manager.channel(id), timeoutNanos < 0 ? -1 : timeoutNanos, true, () -> {
            String answer = RedisManager.text(manager.run("barTry", id, thread));
            return answer.isEmpty() ? Notifications.NOT_YET : answer;
        }, () -> {
            String answer = RedisManager.text(manager.run("barLeave", id, thread));
            left[0] = answer;
            return answer.equals("left") ? Notifications.NOT_YET : answer;
        });
        if (outcome == Notifications.NOT_YET) {
            throw sneaky(new TimeoutException("The barrier did not trip in time: it is now broken"));
        }
        String answer = (String) outcome;
        if (answer.startsWith("t ")) {
            return Integer.parseInt(answer.substring(2));
        }
        throw sneaky(new BrokenBarrierException("The barrier was broken: a party timed out, was interrupted, aborted or died"));
    }

    private List<Long> state(String id) {
        return ((List<?>) Objects.requireNonNull(manager.run("barState", id))).stream().map(RedisManager::number).toList();
    }

    /** Throws a checked exception the proxy declares ({@code SharedBarrier.await} declares these). */
    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
        throw (T) t;
    }
}
