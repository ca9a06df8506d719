package io.managedobjects.internal.codec;

import io.managedobjects.SharedObject;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Walks everything reachable from a value, as deep as it goes: elements of collections and arrays,
 * keys and values of maps and entries, the content of an {@code Optional} or {@code AtomicReference},
 * and the fields of records and of every class that is not the JDK's (plain values, and a hosted user
 * object's own state). JDK value types are leaves; shared objects (proxies) are always shown to the
 * visitor, which says whether they are references. Each object is visited once, so shared parts and
 * cycles cost nothing extra. The collector uses it to find the shared objects a stored value holds.
 */
public final class ValueGraph {

    private static final ClassValue<Field[]> FIELDS = new ClassValue<>() {
        @Override
        protected Field[] computeValue(Class<?> type) {
            List<Field> fields = new ArrayList<>();
            for (Class<?> c = type; c != null && !isJdk(c); c = c.getSuperclass()) {
                for (Field field : c.getDeclaredFields()) {
                    if (!Modifier.isStatic(field.getModifiers()) && !field.getType().isPrimitive() && field.trySetAccessible()) {
                        fields.add(field);
                    }
                }
            }
            return fields.toArray(Field[]::new);
        }
    };

    /** Our own internal objects (references, hosts) are never looked into: the visitor recognises the references. */
    private static final String INTERNAL = "io.managedobjects.internal.";

    private ValueGraph() {
    }

    /**
     * Visits every object reachable from a root (the root included). Leaves (strings, numbers, dates and
     * other JDK value types) are not visited.
     *
     * @param root where to start
     * @param stop called on each object before its content is walked; true means "this one is a
     *     reference: do not look inside it"
     */
    public static void walk(@Nullable Object root, Predicate<Object> stop) {
        if (isLeaf(root)) {
            return;
        }
        Set<Object> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Object> pending = new ArrayDeque<>();
        pending.push(root);
        while (!pending.isEmpty()) {
            Object node = pending.pop();
            if (!seen.add(node) || stop.test(node)) {
                continue;
            }
            if (node instanceof Collection<?> collection) {
                for (Object element : collection) {
                    push(pending, element);
                }
            } else if (node instanceof Map<?, ?> map) {
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    push(pending, entry.getKey());
                    push(pending, entry.getValue());
                }
            } else if (node instanceof Object[] array) {
                for (Object element : array) {
                    push(pending, element);
                }
            } else if (node instanceof Optional<?> optional) {
                push(pending, optional.orElse(null));
            } else if (node instanceof AtomicReference<?> reference) {
                push(pending, reference.get());
            } else if (node instanceof Map.Entry<?, ?> entry && isJdk(node.getClass())) {
                push(pending, entry.getKey());
                push(pending, entry.getValue());
            } else if (!isJdk(node.getClass()) && !node.getClass().getName().startsWith(INTERNAL)) {
                for (Field field : FIELDS.get(node.getClass())) {
                    try {
                        push(pending, field.get(node));
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException("Cannot read field " + field + " while looking for shared objects", e);
                    }
                }
            }
        }
    }

    private static void push(ArrayDeque<Object> pending, @Nullable Object value) {
        if (!isLeaf(value)) {
            pending.push(value);
        }
    }

    private static boolean isLeaf(@Nullable Object value) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean
                || value instanceof Character || value instanceof Enum<?>) {
            return true;
        }
        if (value instanceof SharedObject) {
            return false; // a proxy, whatever its class (a JDK dynamic proxy's is named jdk.proxy...): the visitor decides
        }
        Class<?> type = value.getClass();
        if (type.isArray()) {
            return type.getComponentType().isPrimitive();
        }
        return isJdk(type) && !(value instanceof Collection<?> || value instanceof Map<?, ?> || value instanceof Optional<?>
                || value instanceof AtomicReference<?> || value instanceof Map.Entry<?, ?>);
    }

    private static boolean isJdk(Class<?> type) {
        String name = type.getName();
        return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.") || name.startsWith("sun.")
                || name.startsWith("com.sun.");
    }
}
