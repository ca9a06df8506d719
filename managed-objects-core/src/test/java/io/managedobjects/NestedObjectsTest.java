package io.managedobjects;

import io.managedobjects.contracts.NestedObjectsContract;

/** Shared objects inside shared objects, on a forked manager server. */
class NestedObjectsTest extends NestedObjectsContract {
}
