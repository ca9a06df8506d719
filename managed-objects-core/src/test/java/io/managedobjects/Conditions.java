package io.managedobjects;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Bounded waits on conditions, for tests. */
public final class Conditions {

    private Conditions() {
    }

    /**
     * Waits until the condition holds, checking every 20 ms, for at most 60 s.
     *
     * @param what what is awaited, for the failure message
     * @param condition the condition
     */
    public static void await(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Timed out after 60 s waiting for " + what);
            }
            try {
                TimeUnit.MILLISECONDS.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for " + what);
            }
        }
    }

    /**
     * Waits until no connection of a process is left on the server (its session ended). Other connections may
     * come and go meanwhile: a manager that started a child keeps a spare child JVM connected.
     *
     * @param info the server's info
     * @param pid the process
     */
    public static void awaitSessionEnded(java.util.function.Supplier<ManagerInfo> info, long pid) {
        await("the session of process " + pid + " ended", () -> info.get().connections().stream().noneMatch(c -> c.pid() == pid));
    }

    /**
     * The server-side state entry of a hosted object, from {@code info()}.
     *
     * @param manager the manager
     * @param object the object
     * @param key the state key, e.g. {@code waiters}
     * @return its value
     */
    public static Object state(Manager manager, SharedObject object, String key) {
        return manager.info().objects().stream().filter(o -> o.id().equals(object.sharedId())).findFirst()
                .map(o -> o.state().get(key)).orElse(null);
    }

    /**
     * Waits until a hosted object's state entry has the given value.
     *
     * @param manager the manager
     * @param object the object
     * @param key the state key
     * @param value the awaited value
     */
    public static void awaitState(Manager manager, SharedObject object, String key, Object value) {
        await(object.sharedType() + " " + key + " = " + value, () -> Objects.equals(state(manager, object, key), value));
    }
}
