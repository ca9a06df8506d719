package io.managedobjects.internal.client;

import io.managedobjects.ManagerConnectionException;
import io.managedobjects.ManagerException;
import io.managedobjects.PoolFunction;
import io.managedobjects.PoolTask;
import io.managedobjects.SharedPool;
import io.managedobjects.SharedRef;
import io.managedobjects.internal.codec.ErrorInfo;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The proxy of a shared pool. Submitting is one call per task (or per batch of map items) that returns the
 * tasks' ids; the outcomes come back through one {@link Collector} per manager and pool: a thread that waits
 * on the server for every finished task this manager submitted there, for as long as it has some outstanding,
 * and hands each outcome to its future or map.
 */
final class RemotePool extends RemoteObject implements SharedPool {

    /** Map items per submit call (fewer when they are too large for one frame). */
    private static final int BATCH = 512;
    /** Map items queued (submitted, not yet finished) at most, per map call. */
    private static final int WINDOW = 4 * BATCH;

    private static final ConcurrentHashMap<Key, Collector> COLLECTORS = new ConcurrentHashMap<>();

    /**
     * Completes {@code submit}'s futures, so that what the caller chained to them never runs on (and never blocks)
     * the collector thread, which every outcome of the pool goes through.
     */
    private static final java.util.concurrent.ExecutorService CALLBACKS = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "managed-objects-pool-callbacks");
        thread.setDaemon(true);
        return thread;
    });

    /** One collector per channel (manager) and pool; channels compare by identity. */
    private record Key(ProxyChannel channel, String pool) {
    }

    RemotePool(ProxyChannel channel, SharedRef ref) {
        super(channel, ref);
    }

    @Override
    public int processes() {
        return callInt("processes");
    }

    @Override
    public <R> CompletableFuture<R> submit(Class<? extends PoolTask<R>> task, Object... args) {
        Method method = entryPoint(task, PoolTask.class, "call", Object[].class);
        CompletableFuture<R> future = new CompletableFuture<>();
        List<Object> inputs = new ArrayList<>(1);
        inputs.add(new ArrayList<>(Arrays.asList(args)));
        Submitted submitted = submit(task.getName(), false, inputs);
        submitted.collector().expect(submitted.first(), outcome -> CALLBACKS.execute(() -> outcome.complete(future, this, method)));
        return future;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <R> R apply(Class<? extends PoolTask<R>> task, Object... args) throws ExecutionException, InterruptedException {
        Method method = entryPoint(task, PoolTask.class, "call", Object[].class);
        List<?> outcome = Objects.requireNonNull(callInterruptibly("apply", task.getName(), new ArrayList<>(Arrays.asList(args))));
        if (Boolean.TRUE.equals(outcome.get(0))) {
            return (R) outcome.get(1);
        }
        throw new ExecutionException(new Outcome(false, outcome.get(1), null).error(this, method));
    }

    @Override
    public <T, R> List<R> map(Class<? extends PoolFunction<T, R>> fn, Collection<? extends T> items)
            throws ExecutionException, InterruptedException {
        Method method = entryPoint(fn, PoolFunction.class, "apply", Object.class);
        Batches run = new Batches(fn.getName(), new ArrayList<>(items));
        Object[] results = new Object[run.items.size()];
        try {
            for (int i = 0; i < results.length; i++) {
                Done done = run.next();
                if (!done.outcome().ok()) {
                    throw new ExecutionException(done.outcome().error(this, method));
                }
                results[done.index()] = done.outcome().value();
            }
        } finally {
            run.abandon();
        }
        @SuppressWarnings("unchecked")
        List<R> list = (List<R>) new ArrayList<>(Arrays.asList(results));
        return list;
    }

    @Override
    public <T, R> Iterator<R> imapUnordered(Class<? extends PoolFunction<T, R>> fn, Collection<? extends T> items) {
        Method method = entryPoint(fn, PoolFunction.class, "apply", Object.class);
        Batches run = new Batches(fn.getName(), new ArrayList<>(items));
        run.fill();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return run.received < run.items.size();
            }

            @Override
            @SuppressWarnings("unchecked")
            public R next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("Every item's result was returned");
                }
                Done done;
                try {
                    done = run.next();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CompletionException("Interrupted while waiting for the next result", e);
                }
                if (!done.outcome().ok()) {
                    throw new CompletionException(done.outcome().error(RemotePool.this, method));
                }
                return (R) done.outcome().value();
            }
        };
    }

    @Override
    public void close() {
        call("close");
    }

    @Override
    public void terminate() {
        call("terminate");
    }

    @Override
    public void join() throws InterruptedException {
        callInterruptibly("join");
    }

    @Override
    public String toString() {
        return "SharedPool[" + sharedId() + (sharedName() == null ? "" : ", " + sharedName()) + "]";
    }

    // ---- submitting ----

    private record Submitted(Collector collector, long first) {
    }

    /** Submits tasks, counted as outstanding by this manager's collector of this pool before they can finish. */
    private Submitted submit(String fn, boolean map, List<Object> inputs) {
        Key key = new Key(channel(), sharedId());
        while (true) {
            Collector collector = COLLECTORS.computeIfAbsent(key, k -> new Collector(this, k));
            if (!collector.reserve(inputs.size())) {
                COLLECTORS.remove(key, collector);
                continue;
            }
            try {
                return new Submitted(collector, callLong("submit", fn, map, inputs));
            } catch (RuntimeException e) {
                collector.unreserve(inputs.size());
                throw e;
            }
        }
    }

    /** Checks that a class can run in a worker: public, concrete, static, with a public no-argument constructor. */
    private static Method entryPoint(Class<?> type, Class<?> api, String name, Class<?>... parameters) {
        Objects.requireNonNull(type, "the task class");
        String problem = null;
        if (!api.isAssignableFrom(type)) {
            problem = "it does not implement " + api.getName();
        } else if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
            problem = "it is abstract";
        } else if (type.isAnonymousClass() || type.isLocalClass() || type.isSynthetic() || type.isHidden()) {
            problem = "a lambda, an anonymous or a local class cannot be named in another JVM";
        } else if (type.getEnclosingClass() != null && !Modifier.isStatic(type.getModifiers())) {
            problem = "it is an inner class: make it static";
        } else if (!Modifier.isPublic(type.getModifiers())) {
            problem = "it is not public";
        } else {
            try {
                type.getConstructor();
            } catch (NoSuchMethodException e) {
                problem = "it has no public no-argument constructor";
            }
        }
        if (problem != null) {
            throw new IllegalArgumentException(type.getName() + " cannot be a pool task: " + problem + ". A task is a public "
                    + "class with a public no-argument constructor; a new instance of it runs in a worker JVM");
        }
        try {
            return type.getMethod(name, parameters);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(type.getName() + " has no public " + name + " method", e);
        }
    }

    // ---- outcomes ----

    /** A task's outcome: its result, the task's exception as it crossed, or a failure of this side (connection lost). */
    private record Outcome(boolean ok, @Nullable Object value, @Nullable RuntimeException local) {

        Throwable error(RemotePool pool, Method method) {
            if (local != null) {
                return local;
            }
            return RemoteErrors.rebuild(ErrorInfo.fromValue(value), pool.channel().typePolicy(), method);
        }

        @SuppressWarnings("unchecked")
        <R> void complete(CompletableFuture<R> future, RemotePool pool, Method method) {
            if (ok) {
                future.complete((R) value);
            } else {
                future.completeExceptionally(error(pool, method));
            }
        }
    }

    private record Done(int index, Outcome outcome) {
    }

    /** Map items {@code [base, base + count)}, submitted as tasks {@code first, first + 1, ...}. */
    private record Batch(Submitted tasks, int base, int count) {
    }

    /** The items of one map call, submitted a batch at a time while fewer than {@link #WINDOW} are queued. */
    private final class Batches {
        final String fn;
        final List<Object> items;
        final LinkedBlockingQueue<Done> done = new LinkedBlockingQueue<>();
        /** The indexes whose results were taken: read and written by the calling thread only. */
        final BitSet finished = new BitSet();
        final List<Batch> submitted = new ArrayList<>();
        int sent;
        int received;

        Batches(String fn, List<Object> items) {
            this.fn = fn;
            this.items = items;
        }

        /** Items per submit call: halved while a batch is above the frame limit. */
        int batchSize = BATCH;

        /** Submits the next batches while the window has room for a whole one (or for the last items). */
        void fill() {
            while (sent < items.size() && sent - received + Math.min(batchSize, items.size() - sent) <= WINDOW) {
                int count = Math.min(batchSize, items.size() - sent);
                Submitted batch;
                try {
                    batch = submit(fn, true, new ArrayList<>(items.subList(sent, sent + count)));
                } catch (RequestTooLargeException e) {
                    if (count == 1) {
                        // this item alone is above the frame limit: it fails, as a task that threw would
                        done.add(new Done(sent, new Outcome(false, null, e)));
                        sent++;
                    } else {
                        batchSize = count / 2;
                    }
                    continue;
                }
                int base = sent;
                submitted.add(new Batch(batch, base, count));
                for (int i = 0; i < count; i++) {
                    int index = base + i;
                    batch.collector().expect(batch.first() + i, outcome -> done.add(new Done(index, outcome)));
                }
                sent += count;
            }
        }

        /** A batch that could not be submitted: thrown once the results already queued were taken. */
        @Nullable RuntimeException refusal;

        Done next() throws InterruptedException {
            if (refusal == null) {
                try {
                    fill();
                } catch (RuntimeException e) {
                    refusal = e;
                }
            }
            if (refusal != null && received == sent) {
                RuntimeException e = refusal;
                refusal = null;
                throw e;
            }
            Done next = done.take();
            received++;
            finished.set(next.index());
            return next;
        }

        /** Outcomes not taken yet are dropped when they come. */
        void abandon() {
            for (Batch batch : submitted) {
                for (int i = 0; i < batch.count(); i++) {
                    if (!finished.get(batch.base() + i)) {
                        batch.tasks().collector().forget(batch.tasks().first() + i);
                    }
                }
            }
        }
    }

    /**
     * Waits on the server for the outcomes of the tasks one manager submitted to one pool, while some are awaited or
     * being submitted; then its thread ends and it is dropped (the next submit makes a new one). A lost connection,
     * the pool gone or a closed manager fails every awaited outcome with that error (outcomes that come later are
     * dropped as left-overs by the next collector); a reply refused on the way (a result this process may not
     * receive) is asked for again, the server having turned that result into a failure.
     */
    private static final class Collector implements Runnable {
        private static final int REFUSALS = 3;

        private final RemotePool pool;
        private final Key key;
        private final Map<Long, Consumer<Outcome>> waiting = new HashMap<>();
        /** Outcomes that came before their submit call returned (only while some are being submitted). */
        private final Map<Long, Outcome> early = new HashMap<>();
        private final Set<Long> ignored = new HashSet<>();
        /** Tasks being submitted, whose ids are not known yet. */
        private long submitting;
        private boolean running;
        private boolean ended;
        private @Nullable RuntimeException failure;

        Collector(RemotePool pool, Key key) {
            this.pool = pool;
            this.key = key;
        }

        /** Counts tasks about to be submitted; false if this collector has ended (use a new one). */
        synchronized boolean reserve(int tasks) {
            if (ended) {
                return false;
            }
            submitting += tasks;
            if (!running) {
                running = true;
                Thread thread = new Thread(this, "managed-objects-pool-results");
                thread.setDaemon(true);
                thread.start();
            }
            return true;
        }

        /** The submit call failed: none of its tasks exist. */
        synchronized void unreserve(int tasks) {
            submitting -= tasks;
            notifyAll();
        }

        /** Hands the outcome of a submitted task to a consumer, now if it already came. */
        void expect(long id, Consumer<Outcome> consumer) {
            Outcome now;
            synchronized (this) {
                submitting--;
                notifyAll();
                now = early.remove(id);
                if (now == null && failure != null) {
                    now = new Outcome(false, null, failure);
                }
                if (now == null) {
                    waiting.put(id, consumer);
                    return;
                }
            }
            consumer.accept(now);
        }

        /** Nobody waits for this task's outcome any more. */
        synchronized void forget(long id) {
            if (waiting.remove(id) != null) {
                ignored.add(id);
            } else {
                early.remove(id);
            }
        }

        @Override
        public void run() {
            int refused = 0;
            while (true) {
                long awaited;
                synchronized (this) {
                    // nothing awaited yet: wait here for the submit calls (one that fails makes nothing to collect)
                    while (waiting.isEmpty() && submitting > 0) {
                        try {
                            wait();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            break;
                        }
                    }
                    if (submitting <= 0 && waiting.isEmpty()) {
                        end(null);
                        return;
                    }
                    awaited = waiting.keySet().stream().mapToLong(Long::longValue).min().orElse(-1);
                }
                List<?> outcomes;
                try {
                    outcomes = Objects.requireNonNull(pool.callInterruptibly("collect", awaited));
                    refused = 0;
                } catch (InterruptedException e) {
                    fail(new ManagerException("The pool's results could not be collected: interrupted", e));
                    return;
                } catch (ManagerConnectionException | IllegalStateException e) {
                    fail(e);
                    return;
                } catch (RuntimeException e) {
                    // refused by the server on its way (a result this process may not receive): it turns that result
                    // into a failure next time; a reply that came but cannot be read here is lost: nothing more comes
                    if (!fromServer(e) || ++refused > REFUSALS) {
                        fail(e);
                        return;
                    }
                    continue;
                }
                for (int i = 0; i + 2 < outcomes.size(); i += 3) {
                    long id = ((Number) outcomes.get(i)).longValue();
                    Outcome outcome = new Outcome(Boolean.TRUE.equals(outcomes.get(i + 1)), outcomes.get(i + 2), null);
                    Consumer<Outcome> consumer;
                    synchronized (this) {
                        consumer = waiting.remove(id);
                        if (consumer == null && !ignored.remove(id) && submitting > 0) {
                            early.put(id, outcome);
                        }
                        // else: forgotten, or left over from an earlier collector of this session: dropped
                    }
                    if (consumer != null) {
                        consumer.accept(outcome);
                    }
                }
            }
        }

        private static boolean fromServer(Throwable e) {
            return e instanceof io.managedobjects.RemoteException
                    || Arrays.stream(e.getSuppressed()).anyMatch(s -> s instanceof io.managedobjects.RemoteException);
        }

        private void fail(RuntimeException error) {
            List<Consumer<Outcome>> consumers;
            synchronized (this) {
                consumers = new ArrayList<>(waiting.values());
                waiting.clear();
                end(error);
            }
            Outcome outcome = new Outcome(false, null, error);
            consumers.forEach(c -> c.accept(outcome));
        }

        /** Under this monitor: no more reservations; later expectations get the failure. */
        private void end(@Nullable RuntimeException error) {
            ended = true;
            running = false;
            failure = error;
            ignored.clear();
            if (error == null) {
                early.clear();
            }
            COLLECTORS.remove(key, this);
        }
    }
}
