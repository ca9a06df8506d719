package io.managedobjects;

import java.util.Set;

/**
 * A set hosted by the manager server, keeping insertion order and allowing {@code null}. Every method is
 * one atomic call on the server; bulk methods and iteration are one round trip each, and iterators work
 * on a snapshot (their {@code remove} is a remote call). Elements cross the boundary by value.
 *
 * @param <E> the element type
 */
public interface SharedSet<E> extends Set<E>, SharedObject {
}
