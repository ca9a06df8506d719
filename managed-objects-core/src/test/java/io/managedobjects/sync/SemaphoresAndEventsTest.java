package io.managedobjects.sync;

import io.managedobjects.contracts.SemaphoresAndEventsContract;

/** The semaphores' and events' contract on a forked manager server. */
class SemaphoresAndEventsTest extends SemaphoresAndEventsContract {
}
