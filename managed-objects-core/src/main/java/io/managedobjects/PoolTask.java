package io.managedobjects;

/**
 * A task a {@link SharedPool} runs in one of its worker JVMs: Python's {@code pool.apply(f, args)}.
 * Implementations are public classes with a public no-argument constructor: a new instance is made in the
 * worker for every task. {@link Manager#inherited()} is available there.
 *
 * @param <R> the result type
 */
@FunctionalInterface
public interface PoolTask<R> {

    /**
     * Runs in a worker.
     *
     * @param args the arguments given to {@link SharedPool#submit} or {@link SharedPool#apply}: shared objects
     *     arrive as live proxies, other values as copies
     * @return the result, sent back by value (a shared object as a reference)
     * @throws Exception anything: the caller's future fails with it, rebuilt as its own type
     */
    R call(Object... args) throws Exception;
}
