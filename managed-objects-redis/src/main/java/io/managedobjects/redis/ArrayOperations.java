package io.managedobjects.redis;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * {@code SharedLongArray} and {@code SharedDoubleArray} on Redis: one string of 8 bytes per element, big-endian, read
 * and written as bytes (a long's arithmetic is exact in Redis, wrapping as Java's; a double's is IEEE 754's, as
 * Java's). {@code compareAndSet} of doubles compares as {@code Double.doubleToLongBits} does (every NaN equal): here,
 * then exactly those bytes in Redis.
 */
final class ArrayOperations implements RedisManager.Operations {

    private final RedisManager manager;
    private final boolean doubles;

    ArrayOperations(RedisManager manager, boolean doubles) {
        this.manager = manager;
        this.doubles = doubles;
    }

    @Override
    public @Nullable Object call(String id, String method, @Nullable Object[] args) {
        return switch (method) {
            case "length" -> (int) RedisManager.number(manager.run("arrLength", id));
            case "get" -> number(manager.run("arrGet", id, index(args[0])));
            case "set" -> {
                manager.run("arrGetAndSet", id, index(args[0]), bytes(args[1]));
                yield null;
            }
            case "getAndSet" -> number(manager.run("arrGetAndSet", id, index(args[0]), bytes(args[1])));
            case "compareAndSet" -> compareAndSet(id, index(args[0]), (Number) Objects.requireNonNull(args[1]), bytes(args[2]));
            case "getAndAdd", "addAndGet" -> {
                List<?> oldAndNew = (List<?>) Objects.requireNonNull(manager.run("arrAdd", id, index(args[0]), bytes(args[1]),
                        doubles ? "d" : "l"));
                yield number(oldAndNew.get(method.equals("getAndAdd") ? 0 : 1));
            }
            case "toArray" -> toArray((byte[]) Objects.requireNonNull(manager.run("arrAll", id)));
            case "setAll" -> {
                manager.run("arrSetAll", id, index(args[0]), all(Objects.requireNonNull(args[1])));
                yield null;
            }
            case "text" -> {
                Object values = toArray((byte[]) Objects.requireNonNull(manager.run("arrAll", id)));
                yield doubles ? Arrays.toString((double[]) values) : Arrays.toString((long[]) values);
            }
            default -> throw RedisManager.notOnRedis((doubles ? "SharedDoubleArray" : "SharedLongArray") + " operation " + method);
        };
    }

    /**
     * The initial bytes of an array of these values.
     *
     * @param values a {@code long[]} or {@code double[]}
     * @return the bytes
     */
    byte[] all(Object values) {
        if (doubles) {
            double[] reals = (double[]) values;
            ByteBuffer buffer = ByteBuffer.allocate(8 * reals.length);
            for (double value : reals) {
                buffer.putDouble(value);
            }
            return buffer.array();
        }
        long[] longs = (long[]) values;
        ByteBuffer buffer = ByteBuffer.allocate(8 * longs.length);
        for (long value : longs) {
            buffer.putLong(value);
        }
        return buffer.array();
    }

    private static int index(@Nullable Object index) {
        return ((Number) Objects.requireNonNull(index)).intValue();
    }

    private byte[] bytes(@Nullable Object value) {
        Number number = (Number) Objects.requireNonNull(value);
        ByteBuffer buffer = ByteBuffer.allocate(8);
        return (doubles ? buffer.putDouble(number.doubleValue()) : buffer.putLong(number.longValue())).array();
    }

    private Number number(@Nullable Object reply) {
        ByteBuffer buffer = ByteBuffer.wrap((byte[]) Objects.requireNonNull(reply));
        return doubles ? (Number) buffer.getDouble() : (Number) buffer.getLong();
    }

    private Object toArray(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        if (doubles) {
            double[] values = new double[bytes.length / 8];
            for (int i = 0; i < values.length; i++) {
                values[i] = buffer.getDouble();
            }
            return values;
        }
        long[] values = new long[bytes.length / 8];
        for (int i = 0; i < values.length; i++) {
            values[i] = buffer.getLong();
        }
        return values;
    }

    private boolean compareAndSet(String id, int index, Number expect, byte[] update) {
        if (!doubles) {
            return RedisManager.number(manager.run("arrSetIfSame", id, index, bytes(expect), update)) == 1;
        }
        while (true) {
            byte[] current = (byte[]) Objects.requireNonNull(manager.run("arrGet", id, index));
            double value = ByteBuffer.wrap(current).getDouble();
            if (Double.doubleToLongBits(value) != Double.doubleToLongBits(expect.doubleValue())) {
                return false;
            }
            if (RedisManager.number(manager.run("arrSetIfSame", id, index, current, update)) == 1) {
                return true;
            }
        }
    }
}
