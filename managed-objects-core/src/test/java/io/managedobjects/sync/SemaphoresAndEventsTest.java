package io.managedobjects.sync;

import io.managedobjects.Manager;
import io.managedobjects.contracts.SemaphoresAndEventsContract;

/** The semaphores' and events' contract on a forked manager server. */
class SemaphoresAndEventsTest extends SemaphoresAndEventsContract {

    @Override
    protected Manager connect() {
        return Manager.start();
    }

    @Override
    protected boolean startsProcesses() {
        return true;
    }
}
