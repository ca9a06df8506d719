package io.managedobjects;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A bag of named attributes hosted by the manager server: Python's {@code manager.Namespace()}. Each
 * method is one atomic call; {@code toString()} reads like Python's, e.g. {@code Namespace(name=Bob)}.
 *
 * <p>Attribute values cross by value: mutating a plain list read from an attribute changes only the
 * copy. Assign it back with {@link #set}, or store a shared list instead.
 */
public interface SharedNamespace extends SharedObject {

    /**
     * Reads an attribute.
     *
     * @param attr the attribute name
     * @return its value, or {@code null} if it is not set
     */
    @Nullable Object get(String attr);

    /**
     * Sets an attribute.
     *
     * @param attr the attribute name
     * @param value its value
     */
    void set(String attr, @Nullable Object value);

    /**
     * Removes an attribute.
     *
     * @param attr the attribute name
     */
    void remove(String attr);

    /**
     * Whether an attribute is set.
     *
     * @param attr the attribute name
     * @return true if set (even to {@code null})
     */
    boolean has(String attr);

    /**
     * A copy of all attributes, in the order they were first set.
     *
     * @return name to value
     */
    Map<String, @Nullable Object> attributes();
}
