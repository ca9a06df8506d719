package io.managedobjects.internal.server;

import io.managedobjects.ManagerException;
import io.managedobjects.internal.TypeRegistration;
import io.managedobjects.internal.codec.Conversions;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The user classes this server may instantiate, by type id and by class name. Nothing else is ever
 * instantiated on a client's request.
 */
final class UserTypes {

    private final Map<String, TypeRegistration> byTypeId = new HashMap<>();
    private final Map<String, TypeRegistration> byClassName = new HashMap<>();
    private final Map<String, Class<?>> classes = new HashMap<>();

    UserTypes(List<TypeRegistration> registrations, ClassLoader loader) {
        for (TypeRegistration registration : registrations) {
            byTypeId.put(registration.typeId(), registration);
            byClassName.put(registration.api(), registration);
            byClassName.putIfAbsent(registration.implementation(), registration);
            for (String name : List.of(registration.api(), registration.implementation())) {
                try {
                    classes.put(name, Class.forName(name, false, loader));
                } catch (ClassNotFoundException e) {
                    throw new ManagerException("Registered class " + name + " is not on the server's classpath", e);
                }
            }
        }
    }

    /**
     * The registration of a class a client asks for.
     *
     * @param className the api or implementation class name
     * @return the registration
     * @throws IllegalArgumentException if the class is not registered
     */
    TypeRegistration forClass(String className) {
        TypeRegistration registration = find(className);
        if (registration == null) {
            throw new IllegalArgumentException("Class " + className + " is not registered with the manager server, so it "
                    + "cannot be instantiated there: register it where the server is built, e.g. Manager.builder().register("
                    + simpleName(className) + ".class) (Spring Boot: annotate it @ManagedObject, or list it in managed-objects.types)");
        }
        return registration;
    }

    /** The registration of a class, or null if it is not registered. */
    @Nullable TypeRegistration find(String className) {
        return byClassName.get(className);
    }

    @Nullable TypeRegistration forTypeId(String typeId) {
        return byTypeId.get(typeId);
    }

    /** The registration whose implementation the object is an instance of, if any. */
    @Nullable TypeRegistration forInstance(Object instance) {
        for (TypeRegistration registration : byTypeId.values()) {
            if (classes.get(registration.implementation()).isInstance(instance)) {
                return registration;
            }
        }
        return null;
    }

    /** The class proxies of a registered type implement or extend. */
    Class<?> apiClass(TypeRegistration registration) {
        return classes.get(registration.api());
    }

    /** The remote operations of a registered type. */
    MethodTable methods(TypeRegistration registration) {
        return MethodTable.ofUserType(classes.get(registration.api()), classes.get(registration.implementation()));
    }

    /**
     * Instantiates a registered class with the constructor matching the arguments.
     *
     * @throws IllegalArgumentException if no public constructor, or several, match
     */
    Object instantiate(TypeRegistration registration, Object[] args) throws Exception {
        Class<?> type = classes.get(registration.implementation());
        List<Constructor<?>> matching = new ArrayList<>();
        List<Object[]> converted = new ArrayList<>();
        for (Constructor<?> constructor : type.getConstructors()) {
            Object[] fitted = fit(constructor.getParameterTypes(), args);
            if (fitted != null) {
                matching.add(constructor);
                converted.add(fitted);
            }
        }
        if (matching.isEmpty()) {
            throw new IllegalArgumentException("No public constructor of " + type.getName() + " takes " + describe(args)
                    + "; its constructors are " + Arrays.stream(type.getConstructors()).map(c -> c.toGenericString())
                    .collect(Collectors.joining(", ")));
        }
        int best = mostSpecific(matching);
        if (best < 0) {
            throw new IllegalArgumentException("Several constructors of " + type.getName() + " take " + describe(args)
                    + ": " + matching.stream().map(Constructor::toGenericString).collect(Collectors.joining(", "))
                    + "; pass arguments of the exact parameter types");
        }
        try {
            return matching.get(best).newInstance(converted.get(best));
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static Object @Nullable [] fit(Class<?>[] types, Object[] args) {
        if (types.length != args.length) {
            return null;
        }
        Object[] fitted = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            Object arg = args[i];
            if (types[i].isPrimitive()) {
                if (arg == null) {
                    return null;
                }
                Object converted = Conversions.toPrimitive(types[i], arg);
                if (!Conversions.box(types[i]).isInstance(converted)) {
                    return null;
                }
                fitted[i] = converted;
            } else if (arg != null && !types[i].isInstance(arg)) {
                return null;
            } else {
                fitted[i] = arg;
            }
        }
        return fitted;
    }

    /** The index of the constructor whose parameters are all assignable to every other's, or -1. */
    private static int mostSpecific(List<Constructor<?>> candidates) {
        for (int i = 0; i < candidates.size(); i++) {
            boolean best = true;
            for (int j = 0; j < candidates.size() && best; j++) {
                best = i == j || moreSpecific(candidates.get(i).getParameterTypes(), candidates.get(j).getParameterTypes());
            }
            if (best) {
                return i;
            }
        }
        return -1;
    }

    private static boolean moreSpecific(Class<?>[] a, Class<?>[] b) {
        for (int i = 0; i < a.length; i++) {
            if (!Conversions.box(b[i]).isAssignableFrom(Conversions.box(a[i]))) {
                return false;
            }
        }
        return true;
    }

    private static String describe(Object[] args) {
        return args.length == 0 ? "no arguments" : Arrays.stream(args)
                .map(a -> a == null ? "null" : a.getClass().getSimpleName()).collect(Collectors.joining(", ", "(", ")"));
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1).replace('$', '.');
    }
}
