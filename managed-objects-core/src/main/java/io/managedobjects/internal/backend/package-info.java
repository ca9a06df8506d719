/**
 * Internal: how a manager address selects its backend (the socket server in core, or a module such as
 * {@code managed-objects-redis}). Not part of the public API, may change in any release.
 */
@NullMarked
package io.managedobjects.internal.backend;

import org.jspecify.annotations.NullMarked;
