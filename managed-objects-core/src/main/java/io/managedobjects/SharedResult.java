package io.managedobjects;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a method of a hosted class: its result stays on the server as a new hosted object, and the caller
 * gets a proxy to it instead of a copy — Python's {@code method_to_typeid}. A returned {@code List},
 * {@code Map} or {@code Set} becomes a {@link SharedList}, {@link SharedMap} or {@link SharedSet} backed
 * by that very collection (calls on it run under the instance's lock); an instance of a registered
 * class becomes a proxy of that class. Without this annotation results are copies.
 *
 * <pre>{@code
 * @SharedResult
 * public List<String> items() { return items; }     // callers get a live SharedList of this.items
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface SharedResult {
}
