package io.managedobjects;

import io.managedobjects.contracts.ReferenceLifetimesContract;

/** The reference lifetimes' contract on a forked manager server. */
class ReferenceLifetimesTest extends ReferenceLifetimesContract {
}
