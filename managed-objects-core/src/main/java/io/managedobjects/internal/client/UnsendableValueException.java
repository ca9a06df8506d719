package io.managedobjects.internal.client;

import io.managedobjects.DisallowedTypeException;

/**
 * An argument could not be encoded, so nothing was sent. Query proxies use the distinction: a value this
 * process cannot send cannot be in a shared collection, so {@code contains} answers false, as the
 * collection contracts allow for an argument of a foreign type.
 */
final class UnsendableValueException extends DisallowedTypeException {

    private static final long serialVersionUID = 1L;

    UnsendableValueException(DisallowedTypeException cause) {
        super(cause.typeName(), cause.getMessage());
    }
}
