package io.managedobjects.internal.client;

import io.managedobjects.ManagerException;
import io.managedobjects.SharedObject;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import net.bytebuddy.implementation.InvocationHandlerAdapter;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * Makes proxies of registered user types: a JDK dynamic proxy for an interface, a generated subclass for
 * a class. A subclass proxy is instantiated without running any constructor of the user's class: the
 * real instance lives on the server.
 */
final class UserProxies {

    private static final String HANDLER_FIELD = "managedObjectsHandler";
    private static final Map<Class<?>, Class<?>> SUBCLASSES = new ConcurrentHashMap<>();

    private UserProxies() {
    }

    static Object create(Class<?> api, InvocationHandler handler) {
        if (api.isInterface()) {
            ClassLoader loader = api.getClassLoader() != null ? api.getClassLoader() : UserProxies.class.getClassLoader();
            return Proxy.newProxyInstance(loader, new Class<?>[] {api, SharedObject.class}, handler);
        }
        if (Modifier.isFinal(api.getModifiers())) {
            throw new ManagerException(api.getName() + " is final: register an interface it implements to get proxies of it");
        }
        Class<?> subclass = SUBCLASSES.computeIfAbsent(api, UserProxies::subclass);
        try {
            Object proxy = instantiateWithoutConstructor(subclass);
            Field field = subclass.getField(HANDLER_FIELD);
            field.set(proxy, handler);
            return proxy;
        } catch (ReflectiveOperationException e) {
            throw new ManagerException("Cannot make a proxy of " + api.getName() + ": " + e, e);
        }
    }

    /** The handler of a subclass proxy, or null if the object is not one. */
    static @org.jspecify.annotations.Nullable InvocationHandler handlerOf(Object candidate) {
        Class<?> type = candidate.getClass();
        if (!type.getName().endsWith("$ManagedObjectsProxy")) {
            return null;
        }
        try {
            return (InvocationHandler) type.getField(HANDLER_FIELD).get(candidate);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    private static Class<?> subclass(Class<?> api) {
        return new ByteBuddy()
                .subclass(api)
                .name(api.getName() + "$ManagedObjectsProxy")
                .implement(SharedObject.class)
                .defineField(HANDLER_FIELD, InvocationHandler.class, Visibility.PUBLIC)
                .method(ElementMatchers.isPublic().and(ElementMatchers.not(ElementMatchers.isStatic()))
                        .and(ElementMatchers.not(ElementMatchers.isFinal()))
                        .and(ElementMatchers.not(ElementMatchers.isDeclaredBy(Object.class))
                                .or(ElementMatchers.named("toString").or(ElementMatchers.named("equals"))
                                        .or(ElementMatchers.named("hashCode")))))
                .intercept(InvocationHandlerAdapter.toField(HANDLER_FIELD))
                .make()
                .load(api.getClassLoader(), ClassLoadingStrategy.UsingLookup.withFallback(() -> lookupIn(api)))
                .getLoaded();
    }

    private static java.lang.invoke.MethodHandles.Lookup lookupIn(Class<?> api) {
        try {
            return java.lang.invoke.MethodHandles.privateLookupIn(api, java.lang.invoke.MethodHandles.lookup());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Instantiates a class without running its constructors (only {@code Object}'s), as deserialisation does. */
    private static Object instantiateWithoutConstructor(Class<?> type) throws ReflectiveOperationException {
        Class<?> factoryClass = Class.forName("sun.reflect.ReflectionFactory");
        Object factory = factoryClass.getMethod("getReflectionFactory").invoke(null);
        Method newConstructor = factoryClass.getMethod("newConstructorForSerialization", Class.class, Constructor.class);
        Constructor<?> constructor = (Constructor<?>) newConstructor.invoke(factory, type, Object.class.getDeclaredConstructor());
        return constructor.newInstance();
    }
}
