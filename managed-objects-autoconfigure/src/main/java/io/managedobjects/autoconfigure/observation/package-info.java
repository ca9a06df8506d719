/**
 * Micrometer observations of managed-objects calls: every call to the manager server (blocking waits
 * included) is an {@link io.micrometer.observation.Observation}, so traces show them and the call timer
 * comes from them.
 */
@NullMarked
package io.managedobjects.autoconfigure.observation;

import org.jspecify.annotations.NullMarked;
