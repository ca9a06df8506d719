package io.managedobjects;

/**
 * A fixed-length array of {@code double}s hosted by the manager server (Python's {@code Array('d', ...)}):
 * every element operation is one atomic call. {@link #compareAndSet} compares the bits of the values
 * ({@link Double#doubleToLongBits}), as {@code AtomicLongArray}-based code does, so {@code NaN} equals {@code NaN}
 * and {@code 0.0} differs from {@code -0.0}. {@link #toArray()} and {@link #setAll(int, double...)} are one round
 * trip each. An index outside {@code [0, length)} throws {@link IndexOutOfBoundsException} naming the index and
 * the length.
 */
public interface SharedDoubleArray extends SharedObject {

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
    double get(int i);

    /**
     * Sets an element.
     *
     * @param i the index
     * @param value the new value
     */
    void set(int i, double value);

    /**
     * Sets an element and returns its old value.
     *
     * @param i the index
     * @param value the new value
     * @return the previous value
     */
    double getAndSet(int i, double value);

    /**
     * Sets an element to {@code update} if its bits are those of {@code expect}.
     *
     * @param i the index
     * @param expect the expected value
     * @param update the new value
     * @return whether it was set
     */
    boolean compareAndSet(int i, double expect, double update);

    /**
     * Adds to an element.
     *
     * @param i the index
     * @param delta the amount to add
     * @return the previous value
     */
    double getAndAdd(int i, double delta);

    /**
     * Adds to an element.
     *
     * @param i the index
     * @param delta the amount to add
     * @return the new value
     */
    double addAndGet(int i, double delta);

    /**
     * A copy of every element, taken in one call.
     *
     * @return the elements
     */
    double[] toArray();

    /**
     * Sets consecutive elements in one atomic call.
     *
     * @param from the index of the first element to set
     * @param values the new values
     * @throws IndexOutOfBoundsException if they do not fit in the array (nothing is set then)
     */
    void setAll(int from, double... values);
}
