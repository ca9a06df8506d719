/**
 * Internal: not part of the public API, may change in any release.
 */
@NullMarked
package io.managedobjects.internal.codec;

import org.jspecify.annotations.NullMarked;
