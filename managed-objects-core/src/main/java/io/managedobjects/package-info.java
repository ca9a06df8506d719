/**
 * The public API of managed-objects: a {@link io.managedobjects.Manager} connects to a manager
 * server process that hosts shared objects, and hands out proxies ({@link io.managedobjects.SharedMap},
 * {@link io.managedobjects.SharedList}, ...) whose every call runs atomically on the one hosted copy.
 *
 * <p>Everything outside this package is internal and may change without notice.
 */
@NullMarked
package io.managedobjects;

import org.jspecify.annotations.NullMarked;
