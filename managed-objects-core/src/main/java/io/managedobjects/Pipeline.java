package io.managedobjects;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Keeps many calls in flight on one connection: each call is sent at once and answered later through a
 * {@link CompletableFuture}, instead of waiting a round trip per call. The server still runs the calls
 * of a pipeline one after another, in the order they were sent, with the same semantics as synchronous
 * calls (each one atomic, the same exceptions). Obtain one from {@link Manager#pipeline()}.
 *
 * <pre>{@code
 * try (Pipeline pipeline = manager.pipeline()) {
 *     for (int i = 0; i < 100_000; i++) {
 *         int n = i;
 *         pipeline.call(scores, m -> m.put("player-" + n, n));     // sent now, answered later
 *     }
 *     CompletableFuture<Integer> size = pipeline.call(scores, Map::size);
 *     pipeline.flush();                                              // every reply is in
 *     System.out.println(size.join());
 * }
 * }</pre>
 *
 * <p>A call is written as a function of a proxy that makes exactly one remote call, such as
 * {@code m -> m.put(k, v)} or {@code counter -> counter.increment()}; the function runs in the calling
 * thread only to record which call to send. Operations that may block ({@code lock}, {@code take},
 * {@code await}...) and methods computed in this process from several calls ({@code merge}, iteration,
 * {@code equals}) cannot be pipelined and are refused with {@link IllegalArgumentException}. A pipeline
 * is used by one thread at a time; replies complete their futures on the pipeline's own thread.
 */
public interface Pipeline extends AutoCloseable {

    /**
     * Sends one call now and returns its result later.
     *
     * @param <T> the proxy type
     * @param <R> the result type
     * @param target a proxy of a shared object or of a hosted instance
     * @param call makes exactly one remote call on the proxy, e.g. {@code m -> m.put(k, v)}
     * @return the call's result, or its exception
     * @throws IllegalArgumentException if the function does not make exactly one call that can be pipelined
     * @throws ManagerConnectionException if the pipeline's connection failed or it was closed
     */
    <T, R> CompletableFuture<R> call(T target, Function<? super T, R> call);

    /**
     * Waits until every call sent so far has been answered.
     *
     * @throws InterruptedException if the waiting thread is interrupted
     */
    void flush() throws InterruptedException;

    /** Waits for every reply, then closes the pipeline's connection. */
    @Override
    void close();
}
