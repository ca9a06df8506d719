package io.managedobjects;

/**
 * A fixed-length array of {@code long}s hosted by the manager server, like
 * {@link java.util.concurrent.atomic.AtomicLongArray} (Python's {@code Array('q', ...)}): every element
 * operation is one atomic call, so {@code incrementAndGet(i)} from many processes never loses an update
 * (Python's {@code arr[i] += 1} does). {@link #toArray()} and {@link #setAll(int, long...)} are one round trip
 * each (Python's {@code arr[:]} and slice assignment). An index outside {@code [0, length)} throws
 * {@link IndexOutOfBoundsException} naming the index and the length.
 */
public interface SharedLongArray extends SharedObject {

    /**
     * The number of elements, fixed when the array was created.
     *
     * @return the length
     */
    int length();

    /**
     * Reads an element.
     *
     * @param i the index
     * @return its value
     */
    long get(int i);

    /**
     * Sets an element.
     *
     * @param i the index
     * @param value the new value
     */
    void set(int i, long value);

    /**
     * Sets an element and returns its old value.
     *
     * @param i the index
     * @param value the new value
     * @return the previous value
     */
    long getAndSet(int i, long value);

    /**
     * Sets an element to {@code update} if it is {@code expect}.
     *
     * @param i the index
     * @param expect the expected value
     * @param update the new value
     * @return whether it was set
     */
    boolean compareAndSet(int i, long expect, long update);

    /**
     * Adds to an element.
     *
     * @param i the index
     * @param delta the amount to add
     * @return the previous value
     */
    long getAndAdd(int i, long delta);

    /**
     * Adds to an element.
     *
     * @param i the index
     * @param delta the amount to add
     * @return the new value
     */
    long addAndGet(int i, long delta);

    /**
     * Adds one to an element.
     *
     * @param i the index
     * @return the new value
     */
    long incrementAndGet(int i);

    /**
     * Subtracts one from an element.
     *
     * @param i the index
     * @return the new value
     */
    long decrementAndGet(int i);

    /**
     * A copy of every element, taken in one call.
     *
     * @return the elements
     */
    long[] toArray();

    /**
     * Sets consecutive elements in one atomic call.
     *
     * @param from the index of the first element to set
     * @param values the new values
     * @throws IndexOutOfBoundsException if they do not fit in the array (nothing is set then)
     */
    void setAll(int from, long... values);
}
