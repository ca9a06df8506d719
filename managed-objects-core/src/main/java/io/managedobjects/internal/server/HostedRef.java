package io.managedobjects.internal.server;

import io.managedobjects.SharedRef;
import org.jspecify.annotations.Nullable;

/**
 * A reference to a hosted object, as stored inside another hosted object (a map in a list). Reading it
 * back gives each client a live proxy; while stored, it keeps its target alive.
 *
 * @param object the target
 */
record HostedRef(HostedObject object) {

    /**
     * The portable form.
     *
     * @return the target's reference
     */
    public SharedRef ref() {
        return object.ref();
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof HostedRef other && other.object == object;
    }

    @Override
    public int hashCode() {
        return object.id().hashCode();
    }

    @Override
    public String toString() {
        return object.type() + "(" + object.id() + ")";
    }
}
