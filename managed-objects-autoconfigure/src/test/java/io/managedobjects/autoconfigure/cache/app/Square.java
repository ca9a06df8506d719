package io.managedobjects.autoconfigure.cache.app;

/**
 * A cached value of a record type of the application's package, which the manager trusts.
 *
 * @param root the number squared
 * @param value its square
 */
public record Square(int root, long value) {
}
