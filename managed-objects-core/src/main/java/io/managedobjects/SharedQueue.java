package io.managedobjects;

import java.util.concurrent.BlockingQueue;

/**
 * A FIFO queue hosted by the manager server: a {@link BlockingQueue} with an optional capacity, and
 * Python's {@code JoinableQueue}. Blocking methods wait only in the calling thread and honour timeouts
 * and interrupts; an interrupted or dead taker never consumes an item (the next item goes to the next
 * taker). Iteration works on a snapshot. {@code null} is refused, as in every {@code BlockingQueue}.
 *
 * <p>An item is only taken out for a caller that can receive it: if its class is not trusted by the
 * caller ({@link DisallowedTypeException}, naming the class and the {@code trustedPackages} setting) or
 * its reply is above the caller's frame limit ({@link ManagerException} naming both sizes), the taking
 * call ({@code take}, {@code poll}, {@code remove}, {@code drainTo}) fails and the item stays at the head
 * of the queue, for a consumer that can receive it.
 *
 * @param <E> the element type
 */
public interface SharedQueue<E> extends BlockingQueue<E>, SharedObject {

    /**
     * Marks one item taken from the queue as processed (Python's {@code task_done()}).
     *
     * @throws IllegalStateException if called more times than items were put
     */
    void taskDone();

    /**
     * Waits until every item ever put has been marked done with {@link #taskDone()}.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    void join() throws InterruptedException;
}
