package io.managedobjects.sync;

import io.managedobjects.Manager;
import io.managedobjects.contracts.BarriersContract;

/** The barriers' contract on a forked manager server. */
class BarriersTest extends BarriersContract {

    @Override
    protected Manager connect() {
        return Manager.start();
    }

    @Override
    protected boolean startsProcesses() {
        return true;
    }
}
