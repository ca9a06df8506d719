package io.managedobjects;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class whose instances the manager server hosts: Python's {@code BaseManager.register}.
 * Register it with {@link ManagerBuilder#register(Class)} (in Spring Boot, annotated classes in the
 * application's packages are registered for you), then {@link Manager#create create} or
 * {@link Manager#named name} instances and call them through proxies.
 *
 * <p>Calls on one instance run one at a time, so the class need not be thread-safe, unless
 * {@link #threadSafe()} says it synchronises itself; then calls run concurrently. A
 * {@link SharedResult @SharedResult} collection of a thread-safe class must be thread-safe too (a
 * {@code Collections.synchronized*} collection, or a {@code ConcurrentMap}): see {@link SharedResult}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ManagedObject {

    /**
     * The type id the server knows the class by (and, in Spring Boot, the name of the one instance that
     * is injected). Default: the simple class name as type id, the decapitalised simple name as instance name.
     *
     * @return the type id, or empty for the default
     */
    String value() default "";

    /**
     * Whether the class is thread-safe: its instances are then called concurrently, and the collections
     * its {@link SharedResult @SharedResult} methods return must be thread-safe too ({@link SharedResult}
     * says which are accepted).
     *
     * @return false by default: calls on one instance run one at a time
     */
    boolean threadSafe() default false;
}
