package io.managedobjects.sync;

import io.managedobjects.contracts.LocksContract;

/** The locks' contract on a forked manager server. */
class LocksTest extends LocksContract {
}
