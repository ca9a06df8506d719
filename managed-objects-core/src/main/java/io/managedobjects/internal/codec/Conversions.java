package io.managedobjects.internal.codec;

/** Widening of decoded numbers into the primitive parameter types of constructors and methods. */
public final class Conversions {

    private Conversions() {
    }

    /**
     * Converts a decoded boxed value to the boxed form of a primitive type, where that loses nothing.
     *
     * @param primitive the target primitive type
     * @param value the decoded value
     * @return the value, converted if needed
     */
    public static Object toPrimitive(Class<?> primitive, Object value) {
        if (value instanceof Number n && !(value instanceof Double || value instanceof Float)) {
            long l = n.longValue();
            if (primitive == long.class) {
                return l;
            }
            if (primitive == double.class) {
                return (double) l;
            }
            if (primitive == float.class) {
                return (float) l;
            }
            if (primitive == int.class && l == (int) l) {
                return (int) l;
            }
            if (primitive == short.class && l == (short) l) {
                return (short) l;
            }
            if (primitive == byte.class && l == (byte) l) {
                return (byte) l;
            }
        }
        if (value instanceof Float f && primitive == double.class) {
            return f.doubleValue();
        }
        return value;
    }

    /**
     * The boxed class of a primitive type; other classes unchanged.
     *
     * @param type a class
     * @return its boxed form
     */
    public static Class<?> box(Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        return switch (type.getName()) {
            case "int" -> Integer.class;
            case "long" -> Long.class;
            case "double" -> Double.class;
            case "float" -> Float.class;
            case "short" -> Short.class;
            case "byte" -> Byte.class;
            case "char" -> Character.class;
            case "void" -> Void.class;
            default -> Boolean.class;
        };
    }
}
