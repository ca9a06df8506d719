package io.managedobjects;

import org.jspecify.annotations.Nullable;

/**
 * Implemented by every proxy to a hosted object. The methods here are answered locally, without a
 * call to the server.
 */
public interface SharedObject {

    /**
     * The server's id of the hosted object; equals {@link ObjectInfo#id()}.
     *
     * @return the object id
     */
    String sharedId();

    /**
     * The name of a named object ({@code manager.map("scores")}), or {@code null} for an anonymous one.
     *
     * @return the name, or {@code null}
     */
    @Nullable String sharedName();

    /**
     * The type id of the hosted object: {@code "map"}, {@code "list"}, ... or a registered type id.
     *
     * @return the type id
     */
    String sharedType();

    /**
     * A portable reference to the hosted object: pass it (or its {@code toString()}) to another
     * process and rebuild a proxy there with {@link Manager#proxy(SharedRef)}.
     *
     * @return the reference
     */
    SharedRef sharedRef();
}
