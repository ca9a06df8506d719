package io.managedobjects;

import java.util.Objects;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * A single value hosted by the manager server, like {@link java.util.concurrent.atomic.AtomicReference}
 * (and Python's {@code Value}, without its lost-update race). Each method is one atomic call.
 *
 * <p>Values cross the boundary by value, so {@link #compareAndSet} compares with {@code equals}, not
 * identity. The update methods run the function in the calling process and apply the result by
 * compare-and-set, retrying on conflict.
 *
 * @param <T> the value type
 */
public interface SharedValue<T> extends SharedObject {

    /**
     * Reads the value.
     *
     * @return the current value
     */
    @Nullable T get();

    /**
     * Replaces the value.
     *
     * @param value the new value
     */
    void set(@Nullable T value);

    /**
     * Replaces the value and returns the old one, atomically.
     *
     * @param value the new value
     * @return the previous value
     */
    @Nullable T getAndSet(@Nullable T value);

    /**
     * Sets the value to {@code update} if it equals {@code expect}, atomically.
     *
     * @param expect the expected current value (compared with {@code equals})
     * @param update the new value
     * @return whether the value was replaced
     */
    boolean compareAndSet(@Nullable T expect, @Nullable T update);

    /**
     * Applies {@code function} to the current value and stores the result, atomically by compare-and-set.
     *
     * @param function a side-effect-free function (it may run more than once)
     * @return the new value
     */
    default @Nullable T updateAndGet(UnaryOperator<@Nullable T> function) {
        Objects.requireNonNull(function);
        while (true) {
            T current = get();
            T next = function.apply(current);
            if (compareAndSet(current, next)) {
                return next;
            }
        }
    }

    /**
     * Applies {@code function} to the current value and stores the result, atomically by compare-and-set.
     *
     * @param function a side-effect-free function (it may run more than once)
     * @return the previous value
     */
    default @Nullable T getAndUpdate(UnaryOperator<@Nullable T> function) {
        Objects.requireNonNull(function);
        while (true) {
            T current = get();
            if (compareAndSet(current, function.apply(current))) {
                return current;
            }
        }
    }

    /**
     * Combines the current value with {@code x} and stores the result, atomically by compare-and-set.
     *
     * @param x the second operand
     * @param function a side-effect-free function (it may run more than once)
     * @return the new value
     */
    default @Nullable T accumulateAndGet(@Nullable T x, BinaryOperator<@Nullable T> function) {
        Objects.requireNonNull(function);
        return updateAndGet(current -> function.apply(current, x));
    }
}
