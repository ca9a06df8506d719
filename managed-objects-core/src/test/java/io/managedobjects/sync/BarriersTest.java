package io.managedobjects.sync;

import io.managedobjects.contracts.BarriersContract;

/** The barriers' contract on a forked manager server. */
class BarriersTest extends BarriersContract {
}
