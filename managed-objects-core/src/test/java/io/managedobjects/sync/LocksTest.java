package io.managedobjects.sync;

import io.managedobjects.Manager;
import io.managedobjects.contracts.LocksContract;

/** The locks' contract on a forked manager server. */
class LocksTest extends LocksContract {

    @Override
    protected Manager connect() {
        return Manager.start();
    }

    @Override
    protected boolean startsProcesses() {
        return true;
    }
}
