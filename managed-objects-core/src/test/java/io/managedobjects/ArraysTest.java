package io.managedobjects;

import io.managedobjects.contracts.ArraysContract;

/** The arrays' contract on a forked manager server. */
class ArraysTest extends ArraysContract {

    @Override
    protected Manager connect() {
        return Manager.start();
    }

    @Override
    protected boolean startsProcesses() {
        return true;
    }
}
