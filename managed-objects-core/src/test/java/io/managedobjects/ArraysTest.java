package io.managedobjects;

import io.managedobjects.contracts.ArraysContract;

/** The arrays' contract on a forked manager server. */
class ArraysTest extends ArraysContract {
}
