package io.managedobjects;

import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A pool of worker JVMs started and owned by the manager server: Python's {@code Manager().Pool(n)}. Any
 * process may use it (pass it to a child like any shared object); tasks go to idle workers in submission
 * order, and workers are reused.
 *
 * <p>Tasks are classes, not lambdas: a {@link PoolTask} or {@link PoolFunction} with a public no-argument
 * constructor, instantiated in the worker. Arguments, items and results cross by value with the usual codec
 * and allow-list; shared objects cross as references.
 *
 * <p>A task that throws fails with {@link ExecutionException} whose cause is the task's exception rebuilt as
 * its own type, with the worker-side stack trace attached (suppressed {@link RemoteException}). A worker that
 * dies mid-task ({@code kill -9}, {@code System.exit}) fails that task with an {@link ExecutionException}
 * naming the worker's pid and how it ended, and a new worker takes its place: the pool goes on (Python's
 * {@code Pool} hangs in that case).
 *
 * <p>{@link #close()} then {@link #join()} lets queued tasks finish; {@link #terminate()} kills the workers and
 * fails what is unfinished; destroying the pool or stopping the server stops its workers, and a worker exits
 * by itself when the server process is gone.
 */
public interface SharedPool extends SharedObject {

    /**
     * The number of worker JVMs the pool keeps running.
     *
     * @return the number of processes
     */
    int processes();

    /**
     * Queues a task: Python's {@code apply_async}. The future completes with the task's result, or fails with
     * {@link ExecutionException} (the task threw, its worker died, the pool was terminated, or the manager's
     * connection was lost).
     *
     * @param task the task class: public, with a public no-argument constructor
     * @param args the task's arguments
     * @param <R> the result type
     * @return the result, later
     * @throws IllegalArgumentException if the class cannot be a task (the message says why)
     * @throws IllegalStateException if the pool was closed or terminated
     */
    <R> CompletableFuture<R> submit(Class<? extends PoolTask<R>> task, Object... args);

    /**
     * Runs a task and waits for its result: Python's {@code apply}.
     *
     * @param task the task class: public, with a public no-argument constructor
     * @param args the task's arguments
     * @param <R> the result type
     * @return the task's result
     * @throws ExecutionException if the task threw (its exception, rebuilt, is the cause) or its worker died
     * @throws InterruptedException if this thread is interrupted while waiting (the task still runs)
     */
    <R> R apply(Class<? extends PoolTask<R>> task, Object... args) throws ExecutionException, InterruptedException;

    /**
     * Applies a function to every item in the workers and returns the results in the items' order: Python's
     * {@code map}. Items are sent in batches and only a bounded window of them (2,048) is queued at a time. The
     * first failing item fails the call: items not yet sent are not, those already queued or running still run
     * (their results are dropped). A pool closed by any process while a large map is under way refuses its next
     * batch ({@link IllegalStateException}); what was queued before still runs. A single item above the frame limit
     * fails as an item whose task threw a {@link ManagerException} would.
     *
     * @param fn the function class: public, with a public no-argument constructor
     * @param items the items
     * @param <T> the item type
     * @param <R> the result type
     * @return the results, in input order
     * @throws ExecutionException if an item failed (its exception, rebuilt, is the cause) or its worker died
     * @throws InterruptedException if this thread is interrupted while waiting
     */
    <T, R> List<R> map(Class<? extends PoolFunction<T, R>> fn, Collection<? extends T> items)
            throws ExecutionException, InterruptedException;

    /**
     * Applies a function to every item and yields the results as they complete: Python's
     * {@code imap_unordered}. Items are submitted a bounded window at a time as the iterator is consumed. A
     * failed item makes {@code next()} throw {@link java.util.concurrent.CompletionException} whose cause is the
     * item's exception (rebuilt) or its worker's death; iteration may go on after it. An interrupt while
     * {@code next()} waits throws {@code CompletionException} caused by {@link InterruptedException}, with the
     * thread's interrupt status set. A batch that cannot be submitted (the pool was closed) throws its exception from
     * {@code next()} once the results already queued were returned; a single item above the frame limit fails alone.
     *
     * @param fn the function class: public, with a public no-argument constructor
     * @param items the items
     * @param <T> the item type
     * @param <R> the result type
     * @return the results, in completion order
     */
    <T, R> Iterator<R> imapUnordered(Class<? extends PoolFunction<T, R>> fn, Collection<? extends T> items);

    /** No new tasks; tasks already queued still run, then the workers exit (Python's {@code close}). */
    void close();

    /** Kills the workers now; queued and running tasks fail (Python's {@code terminate}). */
    void terminate();

    /**
     * Waits until every worker has exited, after {@link #close()} or {@link #terminate()} (Python's {@code join}).
     *
     * @throws InterruptedException if this thread is interrupted while waiting
     * @throws IllegalStateException if the pool is still running (neither closed nor terminated)
     */
    void join() throws InterruptedException;
}
