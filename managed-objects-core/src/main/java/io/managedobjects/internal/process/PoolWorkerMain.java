package io.managedobjects.internal.process;

import io.managedobjects.DisallowedTypeException;
import io.managedobjects.ManagerConnectionException;
import io.managedobjects.ManagerException;
import io.managedobjects.PoolFunction;
import io.managedobjects.PoolTask;
import io.managedobjects.SharedRef;
import io.managedobjects.internal.client.ClientManager;
import io.managedobjects.internal.client.ClientManagers;
import io.managedobjects.internal.client.ProxyChannel;
import io.managedobjects.internal.client.RequestTooLargeException;
import io.managedobjects.internal.codec.ErrorInfo;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The main class of a pool's worker JVM: connects to the manager server that started it (and becomes
 * {@code Manager.inherited()}), then asks the pool for work until told to exit, running each task in a new
 * instance of its class. Its stdin comes from the server: at end of file (the server is gone) it halts.
 */
public final class PoolWorkerMain {

    private PoolWorkerMain() {
    }

    /**
     * Runs the worker.
     *
     * @param ignored unused: everything comes through stdin
     */
    public static void main(String[] ignored) {
        int status = 0;
        try {
            Bootstrap bootstrap = Bootstrap.readWatchingParent();
            // pools run on manager servers only
            ClientManager manager = (ClientManager) ClientManagers.connectChild(bootstrap.settings());
            SharedRef pool = SharedRef.parse(Objects.requireNonNull(bootstrap.task()));
            String token = new String(Objects.requireNonNull(bootstrap.args()), StandardCharsets.UTF_8);
            new PoolWorkerMain.Loop(manager, pool, token).run();
            manager.close();
        } catch (ManagerConnectionException e) {
            System.err.println("managed-objects pool worker: the manager server is gone (" + e.getMessage() + ")");
            status = 3;
        } catch (Throwable t) {
            t.printStackTrace();
            status = 1;
        }
        ParentWatch.exit(status);
    }

    /** Asks for chunks of tasks, runs them, and reports their outcomes with the next request. */
    private static final class Loop {
        private final ClientManager manager;
        private final SharedRef pool;
        private final String token;
        private final Map<String, Class<?>> classes = new HashMap<>();

        Loop(ClientManager manager, SharedRef pool, String token) {
            this.manager = manager;
            this.pool = pool;
            this.token = token;
        }

        void run() throws InterruptedException {
            List<@Nullable Object> outcomes = new ArrayList<>();
            long nanos = 0;
            int refused = 0;
            while (true) {
                Object reply;
                try {
                    reply = manager.call(pool, "work", ProxyChannel.Wait.INTERRUPTIBLE, null, new Object[] {token, outcomes, nanos});
                    refused = 0;
                } catch (ManagerConnectionException e) {
                    throw e;
                } catch (RuntimeException e) {
                    // our outcomes could not be sent (a result the server does not allow, or too large: they go again,
                    // in parts or as failures), or the chunk could not be sent to us (the server failed it or queued it
                    // again): never in a loop
                    if (++refused > 20) {
                        throw e;
                    }
                    if (e instanceof RequestTooLargeException && outcomes.size() > 3) {
                        outcomes = reportInParts(outcomes);
                    } else {
                        outcomes = sendable(outcomes, e);
                    }
                    continue;
                }
                if (reply == null) {
                    return;
                }
                List<?> chunk = (List<?>) reply;
                outcomes = new ArrayList<>(chunk.size() / 2 * 3);
                long start = System.nanoTime();
                String fn = (String) chunk.get(0);
                boolean map = Boolean.TRUE.equals(chunk.get(1));
                for (int i = 2; i + 1 < chunk.size(); i += 2) {
                    outcomes.add(chunk.get(i));
                    try {
                        outcomes.add(true);
                        outcomes.add(runOne(fn, map, chunk.get(i + 1)));
                    } catch (Throwable t) {
                        outcomes.set(outcomes.size() - 1, false);
                        outcomes.add(ErrorInfo.of(t).toValue());
                    }
                    // a task that restored an interrupt must not fail the next one, nor the next request
                    Thread.interrupted();
                }
                nanos = System.nanoTime() - start;
            }
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private @Nullable Object runOne(String fn, boolean map, @Nullable Object input) throws Exception {
            Object instance = type(fn).getConstructor().newInstance();
            if (map) {
                return ((PoolFunction) instance).apply(input);
            }
            return ((PoolTask<?>) instance).call(((List<?>) Objects.requireNonNull(input)).toArray());
        }

        private Class<?> type(String fn) throws ClassNotFoundException {
            Class<?> type = classes.get(fn);
            if (type == null) {
                try {
                    type = Class.forName(fn, true, PoolWorkerMain.class.getClassLoader());
                } catch (ClassNotFoundException e) {
                    throw new ClassNotFoundException(fn + " is not on the pool workers' classpath (the manager server's): "
                            + "start the server with the classpath that holds the task classes", e);
                }
                classes.put(fn, type);
            }
            return type;
        }

        /**
         * Reports outcomes ahead of the request that asks for work, in halves small enough for a frame (a single
         * result too large for any becomes that task's failure).
         *
         * @return the outcomes still to send with the next request for work
         */
        private List<@Nullable Object> reportInParts(List<@Nullable Object> outcomes) throws InterruptedException {
            int half = outcomes.size() / 6 * 3;
            report(new ArrayList<>(outcomes.subList(0, half)));
            return new ArrayList<>(outcomes.subList(half, outcomes.size()));
        }

        private void report(List<@Nullable Object> outcomes) throws InterruptedException {
            try {
                manager.call(pool, "report", ProxyChannel.Wait.PLAIN, null, new Object[] {token, outcomes});
            } catch (RequestTooLargeException e) {
                if (outcomes.size() <= 3) {
                    manager.call(pool, "report", ProxyChannel.Wait.PLAIN, null, new Object[] {token, sendable(outcomes, e)});
                    return;
                }
                int half = outcomes.size() / 6 * 3;
                report(new ArrayList<>(outcomes.subList(0, half)));
                report(new ArrayList<>(outcomes.subList(half, outcomes.size())));
            }
        }

        /** Outcomes whose results can be sent: a result that cannot becomes that task's failure. */
        private List<@Nullable Object> sendable(List<@Nullable Object> outcomes, RuntimeException refusal) {
            List<@Nullable Object> checked = new ArrayList<>(outcomes);
            for (int i = 0; i + 2 < checked.size(); i += 3) {
                if (!Boolean.TRUE.equals(checked.get(i + 1))) {
                    if (refusal instanceof RequestTooLargeException) {
                        // the task's own exception is too large (a huge message or trace): its type and the start of
                        // its message go
                        ErrorInfo error = ErrorInfo.fromValue(checked.get(i + 2));
                        String message = error.message();
                        checked.set(i + 2, new ErrorInfo(error.className(), (message != null && message.length() > 1000
                                ? message.substring(0, 1000) + "... (cut: above the frame limit)" : message), List.of(), null).toValue());
                    }
                    continue;
                }
                Object result = checked.get(i + 2);
                boolean allowed;
                try {
                    allowed = manager.canSend(result);
                } catch (RuntimeException e) {
                    allowed = false;
                }
                if (!allowed || !(refusal instanceof DisallowedTypeException)) {
                    String why = !allowed ? "its class is not allowed (" + refusal.getMessage() + ")" : refusal.getMessage();
                    checked.set(i + 1, false);
                    checked.set(i + 2, ErrorInfo.of(new ManagerException("The task's result ("
                            + (result == null ? "null" : result.getClass().getName()) + ") cannot be sent back: " + why)).toValue());
                }
            }
            return checked;
        }
    }
}
