package io.managedobjects.internal.server;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The remote operations of a host class: its public instance methods, minus those of {@link Host} and
 * {@link Object}. Built once per class.
 */
final class MethodTable {

    private static final Map<Class<?>, MethodTable> CACHE = new ConcurrentHashMap<>();
    /** By api type and implementation: one implementation registered under two apis exposes each api's own methods. */
    private static final Map<UserType, MethodTable> USER_CACHE = new ConcurrentHashMap<>();

    private record UserType(Class<?> api, Class<?> implementation) {
    }

    private final Map<String, Operation> operations;

    private MethodTable(Map<String, Method> methods) {
        this(methods, java.util.Set.of());
    }

    /**
     * @param methods the methods by the names calls use
     * @param sharedResults the methods whose api declares their result {@code @SharedResult}
     */
    private MethodTable(Map<String, Method> methods, java.util.Set<Method> sharedResults) {
        Map<Method, Operation> described = new HashMap<>();
        Map<String, Operation> byName = new HashMap<>();
        methods.forEach((name, method) -> byName.put(name,
                described.computeIfAbsent(method, m -> Operation.of(m, sharedResults.contains(m)))));
        this.operations = Map.copyOf(byName);
    }

    static MethodTable of(Class<?> hostClass) {
        return CACHE.computeIfAbsent(hostClass, MethodTable::build);
    }

    /**
     * The remote operations of a registered user type: the public methods of its api type (not those of
     * {@code Object}, except {@code toString}), resolved on the implementation, keyed by signature
     * ({@code name(type,type)}) and, where the name is unique, by name.
     *
     * @param api the proxies' type
     * @param implementation the hosted class
     * @return the table
     */
    static MethodTable ofUserType(Class<?> api, Class<?> implementation) {
        return USER_CACHE.computeIfAbsent(new UserType(api, implementation), key -> {
            Class<?> impl = key.implementation();
            Map<String, Method> methods = new HashMap<>();
            java.util.Set<Method> sharedResults = new java.util.HashSet<>();
            Map<String, Integer> names = new HashMap<>();
            for (Method method : api.getMethods()) {
                if (Modifier.isStatic(method.getModifiers()) || method.isSynthetic() || method.isBridge()
                        || method.getDeclaringClass() == Object.class) {
                    continue;
                }
                Method resolved;
                try {
                    resolved = impl.getMethod(method.getName(), method.getParameterTypes());
                } catch (NoSuchMethodException e) {
                    continue;
                }
                methods.put(io.managedobjects.internal.Signatures.of(method), resolved);
                if (method.isAnnotationPresent(io.managedobjects.SharedResult.class)) {
                    sharedResults.add(resolved);
                }
                names.merge(method.getName(), 1, Integer::sum);
            }
            try {
                methods.put("toString()", impl.getMethod("toString"));
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(e);
            }
            Map<String, Method> byName = new HashMap<>();
            methods.forEach((signature, method) -> {
                if (names.getOrDefault(method.getName(), 0) == 1) {
                    byName.put(method.getName(), method);
                }
            });
            byName.putAll(methods);
            return new MethodTable(Map.copyOf(byName), java.util.Set.copyOf(sharedResults));
        });
    }

    private static MethodTable build(Class<?> hostClass) {
        Map<String, Method> methods = new HashMap<>();
        for (Method method : hostClass.getMethods()) {
            if (Modifier.isStatic(method.getModifiers()) || method.getDeclaringClass() == Object.class
                    || isHostMethod(method) || method.isSynthetic() || method.isBridge()) {
                continue;
            }
            if (methods.put(method.getName(), method) != null) {
                throw new IllegalStateException("Host " + hostClass.getName() + " overloads " + method.getName());
            }
        }
        return new MethodTable(Map.copyOf(methods));
    }

    private static boolean isHostMethod(Method method) {
        try {
            Host.class.getMethod(method.getName(), method.getParameterTypes());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /**
     * The operation of a name (or, for user types, a signature).
     *
     * @param name what the call names
     * @return the operation, or null if there is none of that name
     */
    @Nullable Operation find(String name) {
        return operations.get(name);
    }
}
