package io.managedobjects.autoconfigure;

import io.managedobjects.ManagedObject;
import java.beans.Introspector;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * The user classes the server hosts: {@code @ManagedObject} classes in the application's packages plus
 * {@code managed-objects.types}. Injecting one of them gives a proxy to one named instance.
 */
public final class ManagedTypes {

    private final List<Class<?>> types;

    ManagedTypes(List<Class<?>> types) {
        this.types = List.copyOf(types);
    }

    static ManagedTypes scan(BeanFactory beanFactory, ManagedObjectsProperties properties) {
        Set<Class<?>> types = new LinkedHashSet<>(properties.getTypes());
        if (AutoConfigurationPackages.has(beanFactory)) {
            ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
            scanner.addIncludeFilter(new AnnotationTypeFilter(ManagedObject.class));
            ClassLoader loader = ClassUtils.getDefaultClassLoader();
            for (String pkg : AutoConfigurationPackages.get(beanFactory)) {
                for (BeanDefinition candidate : scanner.findCandidateComponents(pkg)) {
                    types.add(ClassUtils.resolveClassName(candidate.getBeanClassName(), loader));
                }
            }
        }
        return new ManagedTypes(new ArrayList<>(types));
    }

    /** @return the classes to register */
    public List<Class<?>> types() {
        return types;
    }

    /**
     * Whether injecting this type gives a hosted instance.
     *
     * @param type an injection point's type
     * @return true for a registered class
     */
    boolean contains(Class<?> type) {
        return types.contains(type);
    }

    /**
     * The name of the one instance injected for a class: the annotation's value, else the decapitalised
     * simple name.
     *
     * @param type a registered class
     * @return the instance name
     */
    static String instanceName(Class<?> type) {
        ManagedObject annotation = type.getAnnotation(ManagedObject.class);
        return annotation != null && !annotation.value().isBlank() ? annotation.value() : Introspector.decapitalize(type.getSimpleName());
    }
}
