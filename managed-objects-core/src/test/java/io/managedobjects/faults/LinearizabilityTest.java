package io.managedobjects.faults;

import io.managedobjects.contracts.LinearizabilityContract;

/** Linearizable histories of concurrent clients, on a forked manager server. */
class LinearizabilityTest extends LinearizabilityContract {
}
