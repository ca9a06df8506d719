package io.managedobjects;

/**
 * The function {@link SharedPool#map} and {@link SharedPool#imapUnordered} apply to each item in a worker
 * JVM. Implementations are public classes with a public no-argument constructor: a new instance is made in
 * the worker for every item.
 *
 * @param <T> the item type
 * @param <R> the result type
 */
@FunctionalInterface
public interface PoolFunction<T, R> {

    /**
     * Runs in a worker.
     *
     * @param item one item, as a copy (a shared object as a live proxy)
     * @return the result, sent back by value
     * @throws Exception anything: that item fails with it, rebuilt as its own type
     */
    R apply(T item) throws Exception;
}
