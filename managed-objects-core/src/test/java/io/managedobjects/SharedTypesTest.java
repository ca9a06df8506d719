package io.managedobjects;

import io.managedobjects.contracts.SharedTypesContract;

/** The shared types' contract on a forked manager server. */
class SharedTypesTest extends SharedTypesContract {
}
