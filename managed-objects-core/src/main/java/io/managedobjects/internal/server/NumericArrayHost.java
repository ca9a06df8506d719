package io.managedobjects.internal.server;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The hosted side of {@code SharedLongArray} and {@code SharedDoubleArray}: one fixed-length array of 64-bit
 * elements (a double kept as its bits), every operation atomic under the host's monitor. Elements cross as
 * {@code Long} or {@code Double}, bulk reads and writes as {@code long[]} or {@code double[]}.
 */
final class NumericArrayHost implements Host {

    private final boolean doubles;
    private final long[] bits;

    /**
     * Creates an array.
     *
     * @param doubles whether the elements are doubles (else longs)
     * @param lengthOrValues the length (zeros), or the initial values ({@code long[]} or {@code double[]})
     */
    NumericArrayHost(boolean doubles, Object lengthOrValues) {
        this.doubles = doubles;
        if (lengthOrValues instanceof Number length) {
            if (length.intValue() < 0) {
                throw new IllegalArgumentException("An array's length must not be negative, was " + length);
            }
            this.bits = new long[length.intValue()];
        } else if (!doubles && lengthOrValues instanceof long[] values) {
            this.bits = values.clone();
        } else if (doubles && lengthOrValues instanceof double[] values) {
            this.bits = new long[values.length];
            for (int i = 0; i < values.length; i++) {
                bits[i] = Double.doubleToRawLongBits(values[i]);
            }
        } else {
            throw new IllegalArgumentException("An array is made of a length or of " + (doubles ? "double[]" : "long[]")
                    + " values, not " + (lengthOrValues == null ? "null" : lengthOrValues.getClass().getName()));
        }
    }

    @Override
    public Integer hostedSize() {
        return bits.length;
    }

    @Override
    public Map<String, Object> state() {
        return Map.of("length", bits.length);
    }

    @Override
    public void checkReused(Object[] args) {
        if (args.length > 0 && args[0] instanceof Number length && length.intValue() != bits.length) {
            throw new IllegalStateException("The shared array of this name has length " + bits.length + ", not " + length
                    + ": ask for it with its length, or choose another name");
        }
    }

    public int length() {
        return bits.length;
    }

    private int index(int i) {
        return Objects.checkIndex(i, bits.length);
    }

    private Number box(long value) {
        return doubles ? (Number) Double.longBitsToDouble(value) : (Number) value;
    }

    private long unbox(Number value) {
        return doubles ? Double.doubleToRawLongBits(value.doubleValue()) : value.longValue();
    }

    public Number get(int i) {
        return box(bits[index(i)]);
    }

    public void set(int i, Number value) {
        bits[index(i)] = unbox(value);
    }

    public Number getAndSet(int i, Number value) {
        long old = bits[index(i)];
        bits[i] = unbox(value);
        return box(old);
    }

    /** Compares bits: for doubles, as {@code Double.doubleToLongBits} does (every NaN equal). */
    public boolean compareAndSet(int i, Number expect, Number update) {
        long current = bits[index(i)];
        boolean same = doubles ? Double.doubleToLongBits(Double.longBitsToDouble(current)) == Double.doubleToLongBits(expect.doubleValue())
                : current == expect.longValue();
        if (same) {
            bits[i] = unbox(update);
        }
        return same;
    }

    public Number getAndAdd(int i, Number delta) {
        long old = bits[index(i)];
        bits[i] = add(old, delta);
        return box(old);
    }

    public Number addAndGet(int i, Number delta) {
        bits[index(i)] = add(bits[i], delta);
        return box(bits[i]);
    }

    private long add(long current, Number delta) {
        return doubles ? Double.doubleToRawLongBits(Double.longBitsToDouble(current) + delta.doubleValue()) : current + delta.longValue();
    }

    public Object toArray() {
        if (!doubles) {
            return bits.clone();
        }
        double[] values = new double[bits.length];
        for (int i = 0; i < bits.length; i++) {
            values[i] = Double.longBitsToDouble(bits[i]);
        }
        return values;
    }

    public void setAll(int from, Object values) {
        if (!doubles && values instanceof long[] longs) {
            Objects.checkFromIndexSize(from, longs.length, bits.length);
            System.arraycopy(longs, 0, bits, from, longs.length);
        } else if (doubles && values instanceof double[] reals) {
            Objects.checkFromIndexSize(from, reals.length, bits.length);
            for (int i = 0; i < reals.length; i++) {
                bits[from + i] = Double.doubleToRawLongBits(reals[i]);
            }
        } else {
            throw new IllegalArgumentException("setAll takes " + (doubles ? "double[]" : "long[]") + " values");
        }
    }

    public String text() {
        return doubles ? Arrays.toString((double[]) toArray()) : Arrays.toString(bits);
    }

    @Override
    public void forEachValue(Consumer<@Nullable Object> visitor) {
        // numbers only: nothing refers to another shared object
    }
}
