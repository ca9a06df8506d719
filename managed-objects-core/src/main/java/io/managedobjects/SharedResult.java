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
 *
 * <p><b>In a thread-safe class</b> ({@link ManagedObject#threadSafe() @ManagedObject(threadSafe = true)})
 * the instance's methods run concurrently, under no lock, so they may change the collection while a
 * call on its shared proxy runs. Such a class must share a collection that is safe itself, and calls
 * on the proxy then lock the collection, not the instance:
 * <ul>
 *   <li>a {@code Collections.synchronizedList/Set/Map(...)} (or sorted/navigable) collection, returned
 *       itself and not a view of it: every call on the proxy holds the collection's own lock, so it is
 *       atomic with the class's code that locks the collection for its compound actions
 *       ({@code synchronized (items) { ... }}), as the JDK asks; operations the proxy computes locally
 *       ({@code removeIf}, {@code replaceAll}, an iterator's {@code remove}) apply only if the
 *       contents did not change meanwhile, and retry otherwise;</li>
 *   <li>for a map, a {@code ConcurrentMap}: every call on the proxy is one atomic operation of it
 *       ({@code replace(k, old, new)} and {@code remove(k, v)} are compare-and-set).</li>
 * </ul>
 * Any other collection is refused: the call fails with a {@link ManagerException} naming the collection
 * and the fix. An instance of a registered class that is not thread-safe itself is called one call at a
 * time under its own lock ({@code synchronized} on the instance), which the class's code must also hold
 * when it calls the instance.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface SharedResult {
}
