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
    private static final Map<Class<?>, MethodTable> USER_CACHE = new ConcurrentHashMap<>();

    private final Map<String, Method> methods;

    private MethodTable(Map<String, Method> methods) {
        this.methods = methods;
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
        return USER_CACHE.computeIfAbsent(implementation, impl -> {
            Map<String, Method> methods = new HashMap<>();
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
            return new MethodTable(Map.copyOf(byName));
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

    @Nullable Method find(String name) {
        return methods.get(name);
    }
}
