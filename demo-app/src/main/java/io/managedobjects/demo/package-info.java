/**
 * The managed-objects demo: Python's classic manager scenarios, run across real child JVMs.
 */
@NullMarked
package io.managedobjects.demo;

import org.jspecify.annotations.NullMarked;
