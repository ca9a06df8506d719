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
}
