/**
 * Spring Boot auto-configuration for managed-objects: a {@link io.managedobjects.Manager} bean whose
 * forked server lives and dies with the application context.
 */
@NullMarked
package io.managedobjects.autoconfigure;

import org.jspecify.annotations.NullMarked;
