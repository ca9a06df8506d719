package io.managedobjects.faults;

import io.managedobjects.Manager;
import io.managedobjects.contracts.LinearizabilityContract;

/** Linearizable histories of concurrent clients, on a forked manager server. */
class LinearizabilityTest extends LinearizabilityContract {

    @Override
    protected Manager connect() {
        return Manager.start();
    }

    @Override
    protected boolean startsProcesses() {
        return true;
    }
}
