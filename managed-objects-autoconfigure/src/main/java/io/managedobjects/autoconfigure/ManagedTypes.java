package io.managedobjects.autoconfigure;

import io.managedobjects.ManagedObject;
import java.beans.Introspector;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Executable;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.stereotype.Component;

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
        types.forEach(ManagedTypes::checkNotABean);
        return new ManagedTypes(new ArrayList<>(types));
    }

    /** Spring's and JSR-330/250's injection annotations, by name (the latter may not be on the classpath). */
    private static final Set<String> INJECTION = Set.of("org.springframework.beans.factory.annotation.Autowired",
            "org.springframework.beans.factory.annotation.Value", "jakarta.inject.Inject", "javax.inject.Inject",
            "jakarta.annotation.Resource");

    /**
     * A hosted class is made by the manager server, one instance per name, in the server's process (a forked JVM
     * by default): Spring never creates, injects or proxies it. One that looks like a bean fails at startup.
     */
    private static void checkNotABean(Class<?> type) {
        String problem = null;
        if (AnnotatedElementUtils.isAnnotated(type, Component.class)) {
            problem = "it is also a Spring @Component (or @Service, @Configuration...)";
        }
        for (Class<?> c = type; problem == null && c != null && c != Object.class; c = c.getSuperclass()) {
            List<AnnotatedElement> members = new ArrayList<>();
            try {
                members.addAll(List.of(c.getDeclaredFields()));
                for (Executable executable : concat(c.getDeclaredMethods(), c.getDeclaredConstructors())) {
                    members.add(executable);
                    members.addAll(List.of(executable.getParameters()));
                }
            } catch (LinkageError e) {
                // a library superclass naming an absent optional class: not the user's class, nothing to check
                break;
            }
            for (AnnotatedElement member : members) {
                String injection = injectionOf(member);
                if (injection != null) {
                    problem = (member instanceof Parameter parameter ? "parameter " + parameter.getName() + " of "
                            + parameter.getDeclaringExecutable() : member) + " is annotated @" + injection;
                    break;
                }
            }
        }
        if (problem != null) {
            String simple = type.getSimpleName();
            throw new ManagedObjectsConfigurationException("The @ManagedObject " + type.getName() + " cannot be a Spring bean: "
                    + problem + ". Its instances live in the manager server process, made by the server with their "
                    + "constructor (one per name), so Spring never creates, injects or proxies them there.",
                    "Remove the Spring annotations from " + simple + ": pass what it needs as constructor arguments "
                    + "(manager.named(\"name\", " + simple + ".class, args...)) or as shared objects it is given; beans "
                    + "use it through a proxy (@Autowired " + simple + ").", null);
        }
    }

    private static @Nullable String injectionOf(AnnotatedElement member) {
        for (Annotation annotation : member.getDeclaredAnnotations()) {
            String name = annotation.annotationType().getName();
            if (INJECTION.contains(name)) {
                return annotation.annotationType().getSimpleName();
            }
        }
        if (AnnotatedElementUtils.isAnnotated(member, Autowired.class)) {
            return "Autowired";
        }
        return AnnotatedElementUtils.isAnnotated(member, Value.class) ? "Value" : null;
    }

    private static List<Executable> concat(Executable[] first, Executable[] second) {
        List<Executable> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(second));
        return all;
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
