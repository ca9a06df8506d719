package io.managedobjects.internal.server;

import io.managedobjects.ManagerException;
import io.managedobjects.internal.TypeRegistration;
import io.managedobjects.internal.codec.Request;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Instances of registered classes hosted by a process that serves their calls itself, for a backend whose other
 * objects live elsewhere (on Redis, the process that creates an instance hosts it). The same rules as a manager
 * server's: only registered classes are instantiated, a call names a public method of the api type by signature (or
 * by name where it is unique), and calls on one instance run one at a time unless its class is thread-safe.
 */
public final class HostedInstances {

    private final UserTypes types;

    /**
     * Loads the registered classes.
     *
     * @param registrations the registrations
     * @param loader the class loader of the user's classes
     * @throws ManagerException if a registered class cannot be loaded
     */
    public HostedInstances(List<TypeRegistration> registrations, ClassLoader loader) {
        this.types = new UserTypes(registrations, loader);
    }

    /**
     * The registration of a class this process is asked to instantiate.
     *
     * @param className the api or implementation class name
     * @return the registration, or null if the class is not registered here
     */
    public @Nullable TypeRegistration forClass(String className) {
        return types.find(className);
    }

    /**
     * The registration of a type id.
     *
     * @param typeId the type id
     * @return the registration, or null if this process registered none of that id
     */
    public @Nullable TypeRegistration forTypeId(String typeId) {
        return types.forTypeId(typeId);
    }

    /**
     * The class the proxies of a registered type implement or extend.
     *
     * @param registration the registration
     * @return the class
     */
    public Class<?> apiClass(TypeRegistration registration) {
        return types.apiClass(registration);
    }

    /**
     * Instantiates a registered class with the public constructor matching the arguments.
     *
     * @param registration the registration
     * @param args the constructor's arguments
     * @return the hosted instance
     * @throws Exception what the constructor threw, or an {@link IllegalArgumentException} if no constructor (or
     *     several) match
     */
    public Instance instantiate(TypeRegistration registration, Object[] args) throws Exception {
        return new Instance(types.instantiate(registration, args), registration, types.methods(registration));
    }

    /** One hosted instance. */
    public static final class Instance {

        private final Object target;
        private final TypeRegistration registration;
        private final MethodTable methods;

        private Instance(Object target, TypeRegistration registration, MethodTable methods) {
            this.target = target;
            this.registration = registration;
            this.methods = methods;
        }

        /**
         * Runs a call on the instance: one at a time, unless the class is thread-safe.
         *
         * @param call the call (its method names the method by signature)
         * @return the method's result
         * @throws Throwable what the method threw, or a {@link ManagerException} if the instance has no such method
         * @throws UnsupportedOperationException for a {@code @SharedResult} method, whose result this host cannot
         *     serve as an object of its own
         */
        public @Nullable Object invoke(Request call) throws Throwable {
            Operation operation = methods.find(call.method());
            if (operation != null && operation.hostsResult()) {
                throw new UnsupportedOperationException("The @SharedResult method " + call.method() + " of " + registration.api()
                        + " cannot share its result on this backend: return the value (a copy), or host the object on a "
                        + "manager server (Manager.start())");
            }
            if (registration.threadSafe()) {
                return Invoker.invoke(operation == null ? null : operation.method(), target, call, null);
            }
            synchronized (this) {
                return Invoker.invoke(operation == null ? null : operation.method(), target, call, null);
            }
        }

        /** @return the registration of the instance's class */
        public TypeRegistration registration() {
            return registration;
        }

        /** @return the instance itself */
        public Object target() {
            return target;
        }
    }
}
