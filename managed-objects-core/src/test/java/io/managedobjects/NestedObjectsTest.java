package io.managedobjects;

import io.managedobjects.Manager;
import io.managedobjects.contracts.NestedObjectsContract;

/** Shared objects inside shared objects, on a forked manager server. */
class NestedObjectsTest extends NestedObjectsContract {

    @Override
    protected Manager connect() {
        return Manager.start();
    }

    @Override
    protected boolean startsProcesses() {
        return true;
    }
}
