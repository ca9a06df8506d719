package io.managedobjects.internal;

import io.managedobjects.ManagedObject;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * A user class the server may instantiate: its type id, the type proxies implement or extend (an
 * interface, or the class itself), the implementation, and whether it is thread-safe.
 *
 * @param typeId the type id
 * @param api the type of the proxies: an interface, or a non-final class
 * @param implementation the class instantiated on the server
 * @param threadSafe whether calls on one instance may run concurrently
 */
public record TypeRegistration(String typeId, String api, String implementation, boolean threadSafe) {


    /**
     * Validates a registration and describes it.
     *
     * @param typeId the type id, or null for the default ({@link ManagedObject#value()}, else the simple name)
     * @param api the proxies' type
     * @param implementation the implementation
     * @return the registration
     * @throws IllegalArgumentException naming what cannot be hosted and what to do instead
     */
    public static TypeRegistration of(@org.jspecify.annotations.Nullable String typeId, Class<?> api, Class<?> implementation) {
        if (!api.isAssignableFrom(implementation)) {
            throw new IllegalArgumentException(implementation.getName() + " does not implement " + api.getName());
        }
        if (implementation.isInterface() || Modifier.isAbstract(implementation.getModifiers())) {
            throw new IllegalArgumentException(implementation.getName() + " is abstract: register the class to instantiate, "
                    + "e.g. register(" + api.getSimpleName() + ".class, " + api.getSimpleName() + "Impl.class)");
        }
        if (!Modifier.isPublic(implementation.getModifiers()) || !Modifier.isPublic(api.getModifiers())) {
            throw new IllegalArgumentException(implementation.getName() + " must be public to be hosted");
        }
        if (!api.isInterface()) {
            if (Modifier.isFinal(api.getModifiers())) {
                throw new IllegalArgumentException(api.getName() + " is final, so no proxy can extend it: "
                        + "remove 'final', or register an interface it implements: register(TheInterface.class, "
                        + api.getSimpleName() + ".class)");
            }
            for (Method method : api.getMethods()) {
                if (Modifier.isFinal(method.getModifiers()) && method.getDeclaringClass() != Object.class) {
                    throw new IllegalArgumentException("Method " + method.getName() + " of " + api.getName()
                            + " is final, so a proxy cannot send it to the server: remove 'final', or register an interface");
                }
            }
        }
        ManagedObject annotation = implementation.getAnnotation(ManagedObject.class);
        String id = typeId != null && !typeId.isBlank() ? typeId
                : annotation != null && !annotation.value().isBlank() ? annotation.value() : implementation.getSimpleName();
        if (BuiltInType.of(id) != null) {
            throw new IllegalArgumentException("Type id '" + id + "' is a built-in shared type: choose another");
        }
        return new TypeRegistration(id, api.getName(), implementation.getName(), annotation != null && annotation.threadSafe());
    }
}
