/**
 * Test support for applications that use managed-objects: {@link io.managedobjects.autoconfigure.test.AutoConfigureManagedObjects}.
 */
@NullMarked
package io.managedobjects.autoconfigure.test;

import org.jspecify.annotations.NullMarked;
