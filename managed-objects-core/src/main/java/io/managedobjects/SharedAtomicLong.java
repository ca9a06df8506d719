package io.managedobjects;

import java.util.Objects;
import java.util.function.LongBinaryOperator;
import java.util.function.LongUnaryOperator;

/**
 * A {@code long} hosted by the manager server, like {@link java.util.concurrent.atomic.AtomicLong}:
 * every method is one atomic call, so increments from many processes never get lost (unlike
 * {@code value.value += 1} on a Python {@code Value}). The update methods run the function in the
 * calling process and apply the result by compare-and-set.
 */
public interface SharedAtomicLong extends SharedObject {

    /**
     * Reads the value.
     *
     * @return the current value
     */
    long get();

    /**
     * Sets the value.
     *
     * @param value the new value
     */
    void set(long value);

    /**
     * Sets the value and returns the old one.
     *
     * @param value the new value
     * @return the previous value
     */
    long getAndSet(long value);

    /**
     * Adds one.
     *
     * @return the new value
     */
    long incrementAndGet();

    /**
     * Subtracts one.
     *
     * @return the new value
     */
    long decrementAndGet();

    /**
     * Adds one.
     *
     * @return the previous value
     */
    long getAndIncrement();

    /**
     * Subtracts one.
     *
     * @return the previous value
     */
    long getAndDecrement();

    /**
     * Adds {@code delta}.
     *
     * @param delta the amount to add
     * @return the new value
     */
    long addAndGet(long delta);

    /**
     * Adds {@code delta}.
     *
     * @param delta the amount to add
     * @return the previous value
     */
    long getAndAdd(long delta);

    /**
     * Sets the value to {@code update} if it is {@code expect}.
     *
     * @param expect the expected value
     * @param update the new value
     * @return whether it was set
     */
    boolean compareAndSet(long expect, long update);

    /**
     * Applies {@code function} and stores the result, atomically by compare-and-set.
     *
     * @param function a side-effect-free function (it may run more than once)
     * @return the new value
     */
    default long updateAndGet(LongUnaryOperator function) {
        Objects.requireNonNull(function);
        while (true) {
            long current = get();
            long next = function.applyAsLong(current);
            if (compareAndSet(current, next)) {
                return next;
            }
        }
    }

    /**
     * Applies {@code function} and stores the result, atomically by compare-and-set.
     *
     * @param function a side-effect-free function (it may run more than once)
     * @return the previous value
     */
    default long getAndUpdate(LongUnaryOperator function) {
        Objects.requireNonNull(function);
        while (true) {
            long current = get();
            if (compareAndSet(current, function.applyAsLong(current))) {
                return current;
            }
        }
    }

    /**
     * Combines the value with {@code x} and stores the result, atomically by compare-and-set.
     *
     * @param x the second operand
     * @param function a side-effect-free function (it may run more than once)
     * @return the new value
     */
    default long accumulateAndGet(long x, LongBinaryOperator function) {
        Objects.requireNonNull(function);
        return updateAndGet(current -> function.applyAsLong(current, x));
    }
}
