package io.managedobjects.internal.codec;

import io.managedobjects.SharedRef;
import org.jspecify.annotations.Nullable;

/**
 * How one side of the connection turns shared objects into references and back: a client turns
 * proxies into refs and refs into proxies; the server turns refs into hosted references.
 */
public interface RefResolver {

    /**
     * The reference for a value that stands for a hosted object.
     *
     * @param value any value being encoded
     * @return its reference, or null if it is a plain value
     */
    @Nullable SharedRef toRef(Object value);

    /**
     * The local stand-in for a decoded reference.
     *
     * @param ref the reference read from the wire
     * @return a proxy (client) or a hosted reference (server)
     */
    Object fromRef(SharedRef ref);

    /**
     * The resolver for the arguments of one request, once its target and operation are known: the
     * server hands hosted objects of its own to user code as proxies, and keeps plain references in the
     * values its built-in types store.
     *
     * @param target the object id, or empty for the server's own operations
     * @param method the operation
     * @return the resolver for its arguments (this one by default)
     */
    default RefResolver forRequest(String target, String method) {
        return this;
    }

    /**
     * The map that a map argument of the current request is read into when its receiver only takes the
     * entries (a bulk put into a hosted map): one more compact than the class the sender named, so that a
     * million entries are not first built as a million nodes. The sender's class is then neither needed nor
     * loaded; its entries are checked as any value's are.
     *
     * @return an empty map to read the argument into, or null (the default) to read it into the sender's class
     */
    default java.util.@Nullable Map<@Nullable Object, @Nullable Object> argumentMap() {
        return null;
    }

    /**
     * Fits a decoded value into a declared type (a record component, a field, a constructor parameter,
     * an array component): where the stand-in of a reference is not of that type, the resolver may offer
     * one that is (the server turns a plain reference into a proxy of the object's interface).
     *
     * @param value a decoded value
     * @param declared the type it must have
     * @return the value, or a stand-in of the declared type
     */
    default Object fit(Object value, Class<?> declared) {
        return value;
    }
}
