package io.managedobjects;

import java.util.List;

/**
 * A list hosted by the manager server. Every method is one atomic call on the server; bulk methods
 * ({@code addAll}, {@code subList} reads, {@code equals}, {@code toString}, iteration) are one round
 * trip each and iterators work on a snapshot taken in one call (an iterator's {@code remove}/{@code set}
 * are remote calls by index). Elements cross the boundary by value.
 *
 * @param <E> the element type
 */
public interface SharedList<E> extends List<E>, SharedObject {
}
