package io.managedobjects.internal.server;

import io.managedobjects.ManagerException;
import io.managedobjects.SharedRef;
import io.managedobjects.internal.codec.ErrorInfo;
import io.managedobjects.internal.process.PoolWorkers;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The hosted side of {@code SharedPool}: worker JVMs this server starts, a FIFO queue of tasks, and each
 * submitting session's finished outcomes until it collects them.
 *
 * <p>A worker is a client of this server: it asks for work with a parked {@code work} call that carries the
 * outcomes of its previous chunk, and gets the next chunk of tasks (consecutive queued tasks of one class,
 * as many as run in a few milliseconds, so that empty tasks are not one round trip each while slow ones
 * go one at a time). The server holds each worker's {@link Process}: when it exits, the tasks it was
 * running fail with its pid and how it ended, and a new worker takes its place. A worker halts by itself
 * when this server's process is gone (its stdin reaches end of file).
 *
 * <p>Outcomes travel as {@code [id, ok, value]} triples; a failure's value is {@link ErrorInfo#toValue()}.
 */
final class PoolHost implements Host {

    /** How long a chunk of tasks should run, so that the round trip per chunk is small against it. */
    private static final long CHUNK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final int MAX_CHUNK = 512;
    /** The most outcomes one {@code collect} reply carries. */
    private static final int MAX_COLLECT = 1024;

    private enum State { RUNNING, CLOSED, TERMINATED }

    /**
     * A queued or running task; {@code input} is a map item, or a task's argument list. A direct task's outcome
     * goes to the call waiting for it ({@code apply}), not to its session's results.
     */
    private record Task(long id, String session, String fn, boolean map, @Nullable Object input, boolean direct) {
    }

    /** One worker JVM, from the moment its start is asked for. */
    private static final class Worker {
        final String token = java.util.UUID.randomUUID().toString();
        @Nullable Process process;
        boolean ready;
        /** Why the server ended it (start timeout, retired, terminated), else null: its exit status says. */
        @Nullable String endedBecause;
        int tasksDone;
        /** Tasks of the current chunk reported ahead of its last part (their time comes with the last part). */
        int reportedInParts;
        @Nullable String session;
        @Nullable ScheduledFuture<?> startTimer;
        List<Task> running = List.of();

        String describe() {
            Process p = process;
            return p == null ? "a pool worker that was not started yet" : "pool worker pid " + p.pid();
        }
    }

    /** What a session submitted and has not collected. */
    private static final class Results {
        /** The first task id this session could have submitted: it was not here before. */
        final long firstId;
        final List<@Nullable Object> outcomes = new ArrayList<>();
        @Nullable Call collector;

        Results(long firstId) {
            this.firstId = firstId;
        }
    }

    private final ServerEngine engine;
    private final int processes;
    private final int maxTasksPerWorker;
    private final Duration startTimeout;
    private final ArrayDeque<Task> queue = new ArrayDeque<>();
    private final Map<String, Worker> workers = new LinkedHashMap<>();
    private final ArrayDeque<Call> idle = new ArrayDeque<>();
    private final Map<String, Results> results = new HashMap<>();
    private final ArrayDeque<Call> joiners = new ArrayDeque<>();
    /** The calls waiting for their direct task's outcome, by task id. */
    private final Map<Long, Call> waiters = new HashMap<>();
    private @Nullable SharedRef self;
    private State state = State.RUNNING;
    /** Task ids grow across runs of the server too: an id awaited from an earlier run is never one of this run's. */
    private long nextId = System.currentTimeMillis() * 1_000_000L;
    private long completed;
    private long failed;
    private long started;
    /** The mean time of one task, measured from the workers' chunks; 0 until one is known. */
    private double taskNanos;
    private @Nullable String lastStartFailure;
    /** The next chunk is one task: a chunk could not be sent, and the task that cannot is to be found. */
    private boolean soloNext;
    /** The largest chunk: halved each time one could not be sent to a worker (its inputs too large together). */
    private int chunkCap = MAX_CHUNK;

    /**
     * Creates a pool; its workers start once it is registered ({@link #attached}).
     *
     * @param engine the server (its address, key and settings are handed to the workers)
     * @param args processes, tasks per worker (0: no limit), worker start timeout in milliseconds
     */
    PoolHost(ServerEngine engine, Object[] args) {
        this.engine = engine;
        int asked = ((Number) args[0]).intValue();
        this.processes = asked == 0 ? Runtime.getRuntime().availableProcessors() : asked;
        this.maxTasksPerWorker = args.length > 1 ? ((Number) args[1]).intValue() : 0;
        this.startTimeout = Duration.ofMillis(args.length > 2 ? ((Number) args[2]).longValue() : 60_000);
        if (asked < 0 || maxTasksPerWorker < 0 || startTimeout.isNegative() || startTimeout.isZero()) {
            throw new IllegalArgumentException("A pool needs 0 (one per processor) or more processes, 0 or more tasks per "
                    + "worker and a positive start timeout; got " + asked + ", " + maxTasksPerWorker + ", " + startTimeout);
        }
        if (engine.usesTls()) {
            throw new UnsupportedOperationException("Pools are not available on a server with TLS: its worker processes cannot be "
                    + "handed the SSL context. Run the pool on a server without TLS (a Unix socket or a loopback address)");
        }
    }

    @Override
    public synchronized void attached(SharedRef ref) {
        self = ref;
        topUpWorkers();
    }

    @Override
    public void checkReused(Object[] args) {
        int asked = ((Number) args[0]).intValue();
        if (asked != 0 && asked != processes) {
            throw new IllegalStateException("The pool '" + (self == null ? "" : self.name()) + "' exists with " + processes
                    + " processes, not " + asked + ": ask for it with " + processes + ", or use another name");
        }
    }

    @Override
    public Integer hostedSize() {
        return queue.size();
    }

    @Override
    public boolean tracksSessions() {
        return true;
    }

    @Override
    public void forEachValue(Consumer<@Nullable Object> visitor) {
        for (Task task : queue) {
            visitor.accept(task.input());
        }
        for (Worker worker : workers.values()) {
            for (Task task : worker.running) {
                visitor.accept(task.input());
            }
        }
        for (Results r : results.values()) {
            visitor.accept(r.outcomes);
        }
    }

    @Override
    public Map<String, Object> state() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("state", this.state.name().toLowerCase(java.util.Locale.ROOT));
        state.put("processes", processes);
        List<Map<String, Object>> list = new ArrayList<>();
        int running = 0;
        for (Worker worker : workers.values()) {
            Map<String, Object> w = new LinkedHashMap<>();
            w.put("pid", worker.process == null ? "starting" : worker.process.pid());
            w.put("state", !worker.ready ? "starting" : worker.running.isEmpty() ? "idle" : "busy");
            w.put("tasksDone", worker.tasksDone);
            list.add(w);
            running += worker.running.size();
        }
        state.put("workers", list);
        state.put("queued", queue.size());
        state.put("running", running);
        state.put("completed", completed);
        state.put("failed", failed);
        state.put("workersStarted", started);
        if (maxTasksPerWorker > 0) {
            state.put("maxTasksPerWorker", maxTasksPerWorker);
        }
        if (lastStartFailure != null) {
            state.put("lastStartFailure", lastStartFailure);
        }
        return state;
    }

    // ---- operations ----

    public int processes() {
        return processes;
    }

    /**
     * Queues tasks: one task of a {@code PoolTask} (its argument list is the one input), or one per item of a
     * {@code PoolFunction}.
     *
     * @return the first task's id; the others follow it
     */
    public long submit(Call call, String fn, boolean map, List<Object> inputs) {
        checkRunning();
        String session = call.session();
        results.computeIfAbsent(session, s -> new Results(nextId));
        long first = nextId;
        for (Object input : inputs) {
            queue.add(new Task(nextId++, session, fn, map, input, false));
        }
        topUpWorkers();
        dispatch();
        return first;
    }

    /**
     * Runs one task and answers with its outcome, {@code [ok, value]}: one request and one reply. An interrupt
     * gives the wait up; the task still runs, and its outcome is dropped.
     */
    public Object apply(Call call, String fn, List<Object> args) {
        checkRunning();
        Task task = new Task(nextId++, call.session(), fn, false, args, true);
        waiters.put(task.id(), call);
        queue.add(task);
        Object pending = call.park((c, gone) -> {
            waiters.remove(task.id());
            if (!gone) {
                c.fail(new InterruptedException("Interrupted while waiting for the task's result"));
            }
        });
        topUpWorkers();
        dispatch();
        return pending;
    }

    private void checkRunning() {
        if (state != State.RUNNING) {
            throw new IllegalStateException("The pool is " + state.name().toLowerCase(java.util.Locale.ROOT)
                    + ": it takes no new tasks (make a new pool)");
        }
    }

    /**
     * The outcomes of this session's finished tasks, as {@code [id, ok, value]} triples; waits for one.
     *
     * @param awaited the lowest task id the caller waits for, or -1
     * @throws IllegalStateException if that task was submitted by an earlier session of the caller (which ended:
     *     those results were dropped with it), or to an earlier run of the server
     */
    public @Nullable Object collect(Call call, long awaited) {
        Results r = results.computeIfAbsent(call.session(), s -> new Results(nextId));
        if (awaited >= 0 && awaited < r.firstId) {
            throw new IllegalStateException("No results can come for the tasks this process submitted to the pool: the "
                    + "session that submitted them ended (the server was restarted, or this process was cut off for longer "
                    + "than the session timeout) and their results were dropped with it");
        }
        if (r.collector != null) {
            // one of this session whose connection is gone, not yet seen closed: this call takes over
            r.collector.fail(new IllegalStateException("Another collect call of this session took over"));
            r.collector = null;
        }
        if (!r.outcomes.isEmpty()) {
            return take(call, r);
        }
        r.collector = call;
        return call.park((c, gone) -> {
            if (r.collector == c) {
                r.collector = null;
            }
            if (!gone) {
                c.fail(new InterruptedException("Interrupted while waiting for the pool's results"));
            }
        });
    }

    /** Takes outcomes for a collect reply: as many as fit; a result the caller cannot receive becomes a failure. */
    private Object take(Call call, Results r) {
        int count = Math.min(r.outcomes.size() / 3, MAX_COLLECT);
        while (true) {
            List<@Nullable Object> part = r.outcomes.subList(0, count * 3);
            List<@Nullable Object> sent = new ArrayList<>(part);
            call.onUndelivered(() -> putBack(r, sent));
            try {
                Object reply = call.prepare(sent);
                part.clear();
                return reply;
            } catch (RuntimeException e) {
                if (count > 1) {
                    count /= 2;
                    continue;
                }
                // one result the caller cannot receive (a class it does not allow, or above its frame limit)
                r.outcomes.set(1, false);
                r.outcomes.set(2, ErrorInfo.of(new ManagerException("The task's result cannot be sent to this process: "
                        + e.getMessage(), e)).toValue());
            }
        }
    }

    /**
     * A worker reports the outcomes of its last chunk and asks for the next one.
     *
     * @param token the worker's token
     * @param outcomes {@code [id, ok, value]} triples
     * @param chunkNanos how long its last chunk took
     * @return the next chunk {@code [class, map, id, input, ...]}, later if none is queued; null: exit
     */
    public @Nullable Object work(Call call, String token, List<Object> outcomes, long chunkNanos) {
        Worker worker = workers.get(token);
        if (worker == null) {
            return null;
        }
        if (!worker.ready) {
            worker.ready = true;
            worker.session = call.session();
            cancelStartTimer(worker);
        }
        finishChunk(worker, outcomes, chunkNanos);
        if (!worker.running.isEmpty()) {
            fail(worker.running, "The " + worker.describe() + " asked for work without reporting this task's outcome (its "
                    + "chunk could not be read there, see the worker's error output)");
            worker.running = List.of();
        }
        if (worker.endedBecause != null) {
            return null;
        }
        if (maxTasksPerWorker > 0 && worker.tasksDone >= maxTasksPerWorker) {
            retire(worker, "was replaced after " + worker.tasksDone + " tasks (maxTasksPerWorker)");
            topUpWorkers();
            return null;
        }
        if (state != State.RUNNING && queue.isEmpty()) {
            retire(worker, "exited: the pool was closed");
            return null;
        }
        idle.add(call.attach(worker));
        Object pending = call.park((c, gone) -> {
            idle.remove(c);
            if (!gone) {
                c.fail(new InterruptedException("Interrupted while waiting for a task"));
            }
        });
        dispatch();
        return pending;
    }

    /**
     * A worker reports a part of its chunk's outcomes that did not fit in one request with the rest; it asks for
     * work with the last part.
     *
     * @param token the worker's token
     * @param outcomes {@code [id, ok, value]} triples
     */
    public void report(String token, List<Object> outcomes) {
        Worker worker = workers.get(token);
        if (worker != null) {
            finishChunk(worker, outcomes, 0);
        }
    }

    public void close() {
        if (state == State.RUNNING) {
            state = State.CLOSED;
            if (queue.isEmpty()) {
                dismissIdle("exited: the pool was closed");
            }
            completeJoinersIfDone();
        }
    }

    public void terminate() {
        if (state == State.TERMINATED) {
            return;
        }
        state = State.TERMINATED;
        failQueued("The pool was terminated before this task started");
        for (Worker worker : new ArrayList<>(workers.values())) {
            kill(worker, "was terminated with the pool");
        }
        completeJoinersIfDone();
    }

    public @Nullable Object join(Call call) {
        if (state == State.RUNNING) {
            throw new IllegalStateException("The pool is still running: call close() or terminate() before join()");
        }
        if (workers.isEmpty() && queue.isEmpty()) {
            return null;
        }
        joiners.add(call);
        return call.park((c, gone) -> {
            joiners.remove(c);
            if (!gone) {
                c.fail(new InterruptedException("Interrupted while joining the pool"));
            }
        });
    }

    // ---- lifecycle ----

    @Override
    public void sessionEnded(String session) {
        Results r = results.remove(session);
        if (r != null && r.collector != null) {
            r.collector.fail(new IllegalStateException("The session ended"));
        }
        for (Worker worker : new ArrayList<>(workers.values())) {
            if (session.equals(worker.session)) {
                // a frozen or cut-off worker cannot report: end it, so that its tasks fail and it is replaced; one
                // whose process is ending (its connection closed as it died) is given the time to be seen exiting
                engine.schedule(() -> {
                    synchronized (this) {
                        if (workers.get(worker.token) == worker) {
                            kill(worker, "lost its connection to the manager server and was killed");
                        }
                    }
                }, TimeUnit.SECONDS.toNanos(2));
            }
        }
    }

    @Override
    public void destroyed() {
        terminate();
        LockHost.failAll(joiners);
        for (Results r : results.values()) {
            if (r.collector != null) {
                r.collector.fail(new IllegalStateException("The pool was destroyed"));
            }
        }
    }

    @Override
    public synchronized void released() {
        state = State.TERMINATED;
        for (Worker worker : new ArrayList<>(workers.values())) {
            kill(worker, "was stopped with the pool");
        }
    }

    private void topUpWorkers() {
        SharedRef ref = self;
        if (ref == null) {
            return;
        }
        while (needsWorkers() && workers.values().stream().filter(w -> w.endedBecause == null).count() < processes) {
            startWorker(ref);
        }
    }

    /** Running, or closed with tasks still queued (they run before the workers exit). */
    private boolean needsWorkers() {
        return state == State.RUNNING || state == State.CLOSED && !queue.isEmpty();
    }

    private void startWorker(SharedRef ref) {
        Worker worker = new Worker();
        workers.put(worker.token, worker);
        started++;
        worker.startTimer = engine.schedule(() -> {
            synchronized (this) {
                if (!worker.ready && workers.get(worker.token) == worker) {
                    kill(worker, "did not start within " + startTimeout.toMillis() + " ms and was killed (raise the pool's "
                            + "worker start timeout: PoolOptions.workerStartTimeout)");
                }
            }
        }, startTimeout.toNanos());
        engine.workers().execute(() -> launch(worker, ref));
    }

    /** Starts a worker's JVM, outside the monitor (a fork takes milliseconds). */
    private void launch(Worker worker, SharedRef ref) {
        Process process;
        try {
            process = PoolWorkers.start(engine.workerSettings(), ref.toString(), worker.token);
        } catch (Exception e) {
            synchronized (this) {
                workers.remove(worker.token);
                cancelStartTimer(worker);
                startFailed("could not be started: " + e.getMessage());
            }
            return;
        }
        synchronized (this) {
            worker.process = process;
            if (worker.endedBecause != null) {
                // terminated, or timed out, while it was being launched
                process.destroyForcibly();
            }
        }
        process.onExit().thenRun(() -> exited(worker));
    }

    private void exited(Worker worker) {
        synchronized (this) {
            if (workers.remove(worker.token) != worker) {
                return;
            }
            cancelStartTimer(worker);
            idle.removeIf(call -> call.<Worker>attachment() == worker);
            String how = worker.describe() + " " + (worker.endedBecause != null ? worker.endedBecause
                    : describeExit(worker.process == null ? -1 : worker.process.exitValue()));
            if (!worker.running.isEmpty()) {
                fail(worker.running, "The " + how + " while running this task"
                        + (worker.running.size() > 1 ? " or another of the " + worker.running.size() + " it had been handed" : ""));
                worker.running = List.of();
            }
            boolean startFailure = !worker.ready && (worker.endedBecause == null || worker.endedBecause.startsWith("did not start"));
            if (startFailure) {
                startFailed(how);
            } else {
                topUpWorkers();
            }
            completeJoinersIfDone();
        }
    }

    /**
     * A worker could not start: tasks that no worker can take fail, so that nothing waits for ever; a new
     * worker is started when the next task is submitted.
     */
    private void startFailed(String how) {
        lastStartFailure = how;
        if (workers.isEmpty()) {
            failQueued("No pool worker could take this task: the " + how + " (its error output, if any, is in the "
                    + "manager server's)");
        }
        completeJoinersIfDone();
    }

    static String describeExit(int status) {
        if (status > 128 && status < 160) {
            int signal = status - 128;
            String name = switch (signal) {
                case 9 -> " (SIGKILL)";
                case 15 -> " (SIGTERM)";
                case 6 -> " (SIGABRT)";
                case 11 -> " (SIGSEGV)";
                case 2 -> " (SIGINT)";
                case 1 -> " (SIGHUP)";
                default -> "";
            };
            return "was killed by signal " + signal + name;
        }
        return "exited with status " + status + (status == 0 ? "" : " (System.exit, or the JVM failed)");
    }

    private void kill(Worker worker, String because) {
        if (worker.endedBecause == null) {
            worker.endedBecause = because;
        }
        Process p = worker.process;
        if (p != null) {
            p.destroyForcibly();
        }
        // else it is being launched: launch() kills it as soon as it has a process
    }

    /** Tells a worker to exit (its work call returns null): it finishes nothing more, and is replaced if need be. */
    private void retire(Worker worker, String because) {
        worker.endedBecause = because;
        engine.schedule(() -> {
            synchronized (this) {
                if (workers.get(worker.token) == worker && worker.process != null) {
                    // it was told to exit and did not (a shutdown hook that blocks?): it goes now
                    worker.process.destroyForcibly();
                }
            }
        }, TimeUnit.SECONDS.toNanos(10));
    }

    private void dismissIdle(String because) {
        while (!idle.isEmpty()) {
            Call call = idle.poll();
            Worker worker = call.attachment();
            retire(worker, because);
            call.complete(null);
        }
    }

    private static void cancelStartTimer(Worker worker) {
        ScheduledFuture<?> timer = worker.startTimer;
        if (timer != null) {
            timer.cancel(false);
            worker.startTimer = null;
        }
    }

    private void completeJoinersIfDone() {
        if (state != State.RUNNING && workers.isEmpty() && queue.isEmpty()) {
            while (!joiners.isEmpty()) {
                joiners.poll().complete(null);
            }
        }
    }

    // ---- tasks ----

    /** Hands queued tasks to idle workers, in order. */
    private void dispatch() {
        while (!queue.isEmpty() && !idle.isEmpty()) {
            Call call = idle.poll();
            Worker worker = call.attachment();
            List<Task> chunk = nextChunk(maxTasksPerWorker > 0 ? maxTasksPerWorker - worker.tasksDone : MAX_CHUNK);
            List<Object> reply = new ArrayList<>(2 + 2 * chunk.size());
            reply.add(chunk.get(0).fn());
            reply.add(chunk.get(0).map());
            for (Task task : chunk) {
                reply.add(task.id());
                reply.add(task.input());
            }
            worker.running = chunk;
            call.onUndelivered(() -> {
                if (worker.running == chunk) {
                    worker.running = List.of();
                    if (state == State.TERMINATED) {
                        fail(chunk, "The pool was terminated before this task started");
                        completeJoinersIfDone();
                    } else {
                        requeue(chunk);
                        dispatch();
                    }
                }
            });
            if (!call.complete(reply)) {
                worker.running = List.of();
                if (call.connectionOpen() && chunk.size() == 1) {
                    // the worker is there but this input cannot be sent to it (a class it does not allow, the frame limit)
                    fail(chunk, "The task's input could not be sent to a pool worker: a class the manager server does not "
                            + "allow, or above its frame limit");
                } else {
                    // the worker is gone, or the chunk cannot be sent: its first task goes alone next time, and
                    // chunks are smaller from now on
                    if (call.connectionOpen()) {
                        chunkCap = Math.max(1, chunk.size() / 2);
                    }
                    requeue(chunk);
                }
            }
        }
    }

    /** Puts tasks back at the head of the queue, in their order; the first goes alone next time. */
    private void requeue(List<Task> tasks) {
        for (int i = tasks.size() - 1; i >= 0; i--) {
            queue.addFirst(tasks.get(i));
        }
        soloNext = true;
    }

    /** Consecutive queued tasks of one class and kind, as many as run in about {@link #CHUNK_NANOS}. */
    private List<Task> nextChunk(int limit) {
        int size = 1;
        if (!soloNext && taskNanos > 0) {
            size = (int) Math.max(1, Math.min(Math.min(chunkCap, limit), CHUNK_NANOS / taskNanos));
            // leave work for the other workers
            size = Math.min(size, Math.max(1, queue.size() / (2 * processes)));
        }
        soloNext = false;
        Task head = queue.poll();
        List<Task> chunk = new ArrayList<>(size);
        chunk.add(head);
        while (chunk.size() < size && !queue.isEmpty() && queue.peek().fn().equals(head.fn()) && queue.peek().map() == head.map()) {
            chunk.add(queue.poll());
        }
        return chunk;
    }

    private void finishChunk(Worker worker, List<Object> outcomes, long chunkNanos) {
        if (outcomes.isEmpty()) {
            return;
        }
        Map<Long, Task> running = new HashMap<>();
        for (Task task : worker.running) {
            running.put(task.id(), task);
        }
        int count = 0;
        for (int i = 0; i + 2 < outcomes.size(); i += 3) {
            Task task = running.remove(((Number) outcomes.get(i)).longValue());
            if (task != null) {
                count++;
                deliver(task, Boolean.TRUE.equals(outcomes.get(i + 1)), outcomes.get(i + 2));
            }
        }
        worker.tasksDone += count;
        worker.running = running.isEmpty() ? List.of() : new ArrayList<>(running.values());
        if (chunkNanos <= 0) {
            worker.reportedInParts += count;
            return;
        }
        count += worker.reportedInParts;
        worker.reportedInParts = 0;
        if (count > 0) {
            double perTask = (double) chunkNanos / count;
            taskNanos = taskNanos == 0 ? perTask : taskNanos * 0.7 + perTask * 0.3;
        }
    }

    private void deliver(Task task, boolean ok, @Nullable Object value) {
        if (ok) {
            completed++;
        } else {
            failed++;
        }
        if (task.direct()) {
            Call waiter = waiters.remove(task.id());
            if (waiter != null) {
                waiter.complete(java.util.Arrays.asList(ok, value));
            }
            return;
        }
        Results r = results.get(task.session());
        if (r == null) {
            return;
        }
        r.outcomes.add(task.id());
        r.outcomes.add(ok);
        r.outcomes.add(value);
        flush(r);
    }

    /** Answers a parked collect with the first outcomes waiting, if a collect is parked. */
    private void flush(Results r) {
        Call collector = r.collector;
        if (collector == null || r.outcomes.isEmpty()) {
            return;
        }
        r.collector = null;
        List<@Nullable Object> first = r.outcomes.subList(0, Math.min(r.outcomes.size(), 3 * MAX_COLLECT));
        List<@Nullable Object> sent = new ArrayList<>(first);
        collector.onUndelivered(() -> putBack(r, sent));
        if (collector.complete(sent)) {
            first.clear();
        }
        // else they stay: the caller got an error instead (a result it cannot receive: its next collect turns that
        // one into a failure), or its connection closed (the session's end drops them)
    }

    /** Outcomes whose reply was never written go back to the head, for the next collect. */
    private void putBack(Results r, List<@Nullable Object> outcomes) {
        r.outcomes.addAll(0, outcomes);
        flush(r);
    }

    private void failQueued(String message) {
        fail(queue, message);
        queue.clear();
    }

    /** Fails tasks with a {@code ManagerException} of this message (the caller removes them from where they were). */
    private void fail(java.util.Collection<Task> tasks, String message) {
        List<@Nullable Object> error = ErrorInfo.of(new ManagerException(message)).toValue();
        for (Task task : tasks) {
            deliver(task, false, error);
        }
    }
}
