package io.managedobjects.autoconfigure;

import io.managedobjects.Manager;
import io.managedobjects.Shared;
import io.managedobjects.SharedAtomicLong;
import io.managedobjects.SharedBarrier;
import io.managedobjects.SharedCondition;
import io.managedobjects.SharedEvent;
import io.managedobjects.SharedDoubleArray;
import io.managedobjects.SharedList;
import io.managedobjects.SharedLongArray;
import io.managedobjects.SharedLock;
import io.managedobjects.SharedMap;
import io.managedobjects.SharedNamespace;
import io.managedobjects.SharedPool;
import io.managedobjects.SharedQueue;
import io.managedobjects.SharedSemaphore;
import io.managedobjects.SharedSet;
import io.managedobjects.SharedValue;
import java.util.Map;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.beans.factory.config.BeanDefinitionHolder;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.DependencyDescriptor;
import org.springframework.beans.factory.support.AutowireCandidateResolver;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;


/**
 * Injects shared objects by injection point: {@code @Autowired SharedMap<String, Integer> scores} gets
 * the map named {@code scores} ({@link Shared#value()} overrides the name, its other attributes size a
 * new object), and a registered class gets a proxy to its one named instance. It wraps the bean
 * factory's autowire candidate resolver and answers only for these types. A bean of that type and name
 * defined by the application wins, and so does a test's {@code @MockitoBean} (or other bean override) of
 * that exact type, generics included.
 */
final class SharedInjection implements BeanFactoryPostProcessor {

    private static final Map<Class<?>, BiFunction<Manager, Spec, Object>> FACTORIES = Map.ofEntries(
            Map.entry(SharedMap.class, (m, s) -> m.map(s.name())),
            Map.entry(SharedList.class, (m, s) -> m.list(s.name())),
            Map.entry(SharedSet.class, (m, s) -> m.set(s.name())),
            Map.entry(SharedQueue.class, (m, s) -> m.queue(s.name(), s.capacity())),
            Map.entry(SharedLock.class, (m, s) -> s.reentrant() ? m.reentrantLock(s.name()) : m.lock(s.name())),
            Map.entry(SharedSemaphore.class, (m, s) -> m.semaphore(s.name(), s.permits())),
            Map.entry(SharedEvent.class, (m, s) -> m.event(s.name())),
            Map.entry(SharedCondition.class, (m, s) -> m.condition(s.name())),
            Map.entry(SharedBarrier.class, (m, s) -> m.barrier(s.name(), s.parties())),
            Map.entry(SharedValue.class, (m, s) -> m.value(s.name(), null)),
            Map.entry(SharedAtomicLong.class, (m, s) -> m.atomicLong(s.name())),
            Map.entry(SharedNamespace.class, (m, s) -> m.namespace(s.name())),
            Map.entry(SharedLongArray.class, (m, s) -> m.array(s.name(), s.length())),
            Map.entry(SharedDoubleArray.class, (m, s) -> m.doubleArray(s.name(), s.length())),
            Map.entry(SharedPool.class, (m, s) -> m.pool(s.name(), s.processes())));

    /** What an injection point asks for. */
    private record Spec(String name, int permits, int parties, int capacity, boolean reentrant, int length, int processes) {
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) throws BeansException {
        if (beanFactory instanceof DefaultListableBeanFactory factory
                && !(factory.getAutowireCandidateResolver() instanceof Resolver)) {
            factory.setAutowireCandidateResolver(new Resolver(factory.getAutowireCandidateResolver(), factory));
        }
    }

    /** Answers injection points of shared types; delegates everything else. */
    private static final class Resolver implements AutowireCandidateResolver {

        private final AutowireCandidateResolver delegate;
        private final DefaultListableBeanFactory beanFactory;

        Resolver(AutowireCandidateResolver delegate, DefaultListableBeanFactory beanFactory) {
            this.delegate = delegate;
            this.beanFactory = beanFactory;
        }

        @Override
        public @Nullable Object getSuggestedValue(DependencyDescriptor descriptor) {
            Object suggested = delegate.getSuggestedValue(descriptor);
            if (suggested != null || delegate.hasQualifier(descriptor)) {
                return suggested;
            }
            Class<?> type = descriptor.getDependencyType();
            BiFunction<Manager, Spec, Object> factory = FACTORIES.get(type);
            boolean managedType = factory == null && isManagedType(type);
            if (factory == null && !managedType) {
                return null;
            }
            Shared shared = descriptor.getAnnotation(Shared.class);
            String name = shared != null && !shared.value().isBlank() ? shared.value()
                    : managedType && shared == null ? ManagedTypes.instanceName(type) : descriptor.getDependencyName();
            if (name == null) {
                throw new BeanCreationException("Cannot tell which shared " + type.getSimpleName() + " to inject at " + descriptor
                        + ": name it with @Shared(\"name\"), or compile with -parameters");
            }
            if (shared == null && beanFactory.containsBean(name) && beanFactory.isTypeMatch(name, type) || overriddenByTest(descriptor)) {
                return null;
            }
            if (beanFactory.getBeanNamesForType(Manager.class, false, false).length == 0) {
                return null;
            }
            Manager manager = beanFactory.getBean(Manager.class);
            if (managedType) {
                try {
                    return manager.named(name, type);
                } catch (IllegalArgumentException e) {
                    throw new BeanCreationException("Injecting the @ManagedObject " + type.getName() + " at " + descriptor
                            + " gets or creates its instance named '" + name + "' with the no-argument constructor, which failed: "
                            + e.getMessage() + ". Add a public no-argument constructor, or create the instance with "
                            + "manager.named(\"" + name + "\", " + type.getSimpleName() + ".class, args...) and use that proxy", e);
                }
            }
            Spec spec = shared == null ? new Spec(name, 1, 0, 0, true, -1, 0)
                    : new Spec(name, shared.permits(), shared.parties(), shared.capacity(), shared.reentrant(), shared.length(),
                            shared.processes());
            if (type == SharedBarrier.class && spec.parties() <= 0) {
                throw new BeanCreationException("The shared barrier '" + name + "' at " + descriptor
                        + " needs its number of parties: @Shared(value = \"" + name + "\", parties = N)");
            }
            if ((type == SharedLongArray.class || type == SharedDoubleArray.class) && spec.length() < 0) {
                throw new BeanCreationException("The shared array '" + name + "' at " + descriptor
                        + " needs its length: @Shared(value = \"" + name + "\", length = N)");
            }
            return factory.apply(manager, spec);
        }

        /**
         * Whether a test replaced the injection point's type, generics included, with a bean override such as
         * {@code @MockitoBean} or {@code @MockitoSpyBean}: the one bean of that type whose definition is qualified
         * by a test's field carrying such an annotation. Ordinary autowiring then injects the override.
         */
        private boolean overriddenByTest(DependencyDescriptor descriptor) {
            String[] names = beanFactory.getBeanNamesForType(descriptor.getResolvableType(), true, false);
            if (names.length != 1 || !beanFactory.containsBeanDefinition(names[0])) {
                return false;
            }
            return beanFactory.getBeanDefinition(names[0]) instanceof org.springframework.beans.factory.support.RootBeanDefinition root
                    && root.getQualifiedElement() instanceof java.lang.reflect.Field field && isBeanOverride(field);
        }

        /** Whether a field carries a bean override annotation of Spring's test context (meta-annotated {@code @BeanOverride}). */
        private static boolean isBeanOverride(java.lang.reflect.Field field) {
            for (java.lang.annotation.Annotation annotation : field.getAnnotations()) {
                for (java.lang.annotation.Annotation meta : annotation.annotationType().getAnnotations()) {
                    if (meta.annotationType().getName().equals("org.springframework.test.context.bean.override.BeanOverride")) {
                        return true;
                    }
                }
            }
            return false;
        }

        /** A class annotated @ManagedObject, or listed in managed-objects.types. */
        private boolean isManagedType(Class<?> type) {
            if (type.isAnnotationPresent(io.managedobjects.ManagedObject.class)) {
                return true;
            }
            if (type.isPrimitive() || type.isArray() || type.getName().startsWith("java.") || type.getName().startsWith("org.springframework.")
                    || type.getName().startsWith("io.managedobjects.")) {
                return false;
            }
            return configuredTypes().contains(type);
        }

        /** The classes of {@code managed-objects.types}, bound from the environment (no bean is created for it). */
        private java.util.Set<Class<?>> configuredTypes() {
            java.util.Set<Class<?>> types = configured;
            if (types == null) {
                org.springframework.core.env.Environment environment = beanFactory.getBean(org.springframework.core.env.Environment.class);
                java.util.Set<Class<?>> bound = new java.util.HashSet<>();
                org.springframework.boot.context.properties.bind.Binder.get(environment)
                        .bind("managed-objects.types", org.springframework.boot.context.properties.bind.Bindable.listOf(Class.class))
                        .ifBound(classes -> classes.forEach(type -> bound.add((Class<?>) type)));
                types = java.util.Set.copyOf(bound);
                configured = types;
            }
            return types;
        }

        private volatile java.util.@Nullable Set<Class<?>> configured;

        @Override
        public @Nullable String getSuggestedName(DependencyDescriptor descriptor) {
            return delegate.getSuggestedName(descriptor);
        }

        @Override
        public boolean isAutowireCandidate(BeanDefinitionHolder bdHolder, DependencyDescriptor descriptor) {
            return delegate.isAutowireCandidate(bdHolder, descriptor);
        }

        @Override
        public boolean isRequired(DependencyDescriptor descriptor) {
            return delegate.isRequired(descriptor);
        }

        @Override
        public boolean hasQualifier(DependencyDescriptor descriptor) {
            return delegate.hasQualifier(descriptor);
        }

        @Override
        public @Nullable Object getLazyResolutionProxyIfNecessary(DependencyDescriptor descriptor, @Nullable String beanName) {
            return delegate.getLazyResolutionProxyIfNecessary(descriptor, beanName);
        }

        @Override
        public @Nullable Class<?> getLazyResolutionProxyClass(DependencyDescriptor descriptor, @Nullable String beanName) {
            return delegate.getLazyResolutionProxyClass(descriptor, beanName);
        }

        @Override
        public AutowireCandidateResolver cloneIfNecessary() {
            return new Resolver(delegate.cloneIfNecessary(), beanFactory);
        }
    }

}
