package io.managedobjects;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a Spring injection point of a shared type ({@code SharedMap}, {@code SharedLock}, ...): which named
 * shared object to inject, and how to create it if it does not exist yet. Without it, the name is the
 * field's or parameter's name.
 *
 * <pre>{@code
 * @Autowired SharedMap<String, Integer> scores;                 // the map named "scores"
 * @Shared("jobs") SharedLock lock;                               // the reentrant lock named "jobs"
 * @Shared(value = "slots", permits = 3) SharedSemaphore slots;   // a semaphore with 3 permits
 * @Shared(length = 8) SharedLongArray counts;                    // the array named "counts", of 8 longs
 * @Shared(processes = 4) SharedPool workers;                     // the pool named "workers", of 4 worker JVMs
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER})
public @interface Shared {

    /**
     * The name of the shared object.
     *
     * @return the name, or empty for the field's or parameter's name
     */
    String value() default "";

    /**
     * The permits of a {@code SharedSemaphore} created now.
     *
     * @return the permits, 1 by default
     */
    int permits() default 1;

    /**
     * The parties of a {@code SharedBarrier} created now (required for barriers).
     *
     * @return the parties
     */
    int parties() default 0;

    /**
     * The capacity of a {@code SharedQueue} created now.
     *
     * @return the capacity, 0 for unbounded
     */
    int capacity() default 0;

    /**
     * The length of a {@code SharedLongArray} or {@code SharedDoubleArray} (required for arrays): an existing
     * array of that name with another length fails the injection, naming both lengths.
     *
     * @return the length
     */
    int length() default -1;

    /**
     * The worker JVMs of a {@code SharedPool} created now (Python's {@code Pool(processes)}): an existing pool of
     * that name with another number fails the injection, naming both.
     *
     * @return the number of workers, or 0 (the default) for one per processor of the manager server, as Python's
     *     {@code Pool()} (and, for a pool that exists, whatever number it has)
     */
    int processes() default 0;

    /**
     * Whether a {@code SharedLock} is reentrant (Python's RLock) or not (Python's Lock).
     *
     * @return true by default
     */
    boolean reentrant() default true;
}
