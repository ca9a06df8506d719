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

    private final Map<String, Method> methods;

    private MethodTable(Map<String, Method> methods) {
        this.methods = methods;
    }

    static MethodTable of(Class<?> hostClass) {
        return CACHE.computeIfAbsent(hostClass, MethodTable::build);
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
