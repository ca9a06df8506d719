package io.managedobjects.internal.server;

import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The server-side implementation of a built-in shared type. Its public methods, other than the ones
 * declared here, are the remote operations of the type; each runs under the host's monitor unless
 * {@link #concurrent()} says the host synchronises itself.
 */
public interface Host {

    /**
     * The number of elements, for {@code info()}.
     *
     * @return the size, or null where size means nothing
     */
    @Nullable Integer hostedSize();

    /**
     * Visits every reference to another hosted object that this host stores (for the collector).
     * Called under the host's monitor.
     *
     * @param visitor receives each reference
     */
    void forEachRef(Consumer<HostedRef> visitor);

    /**
     * Whether calls run without the host's monitor (the host synchronises itself, e.g. blocking types).
     *
     * @return false by default
     */
    default boolean concurrent() {
        return false;
    }

    /**
     * Visits the {@link HostedRef}s among some values.
     *
     * @param values values held by a host
     * @param visitor receives each reference
     */
    static void refsAmong(Iterable<?> values, Consumer<HostedRef> visitor) {
        for (Object value : values) {
            if (value instanceof HostedRef ref) {
                visitor.accept(ref);
            }
        }
    }
}
