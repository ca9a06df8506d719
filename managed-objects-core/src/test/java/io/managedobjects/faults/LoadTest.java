package io.managedobjects.faults;

import io.managedobjects.SharedList;
import io.managedobjects.SharedLock;
import io.managedobjects.SharedMap;
import io.managedobjects.SharedQueue;
import io.managedobjects.contracts.LoadContract;

/** The load contract on a forked manager server: 16 processes × 2,000 rounds of 5 operations, 160,000 in all. */
class LoadTest extends LoadContract {

    static final int ROUNDS = 2_000;

    @Override
    protected int rounds() {
        return ROUNDS;
    }

    static void runRounds(int worker, SharedMap<String, Integer> map, SharedList<String> list, SharedLock lock,
            SharedMap<String, Long> counter, SharedQueue<String> queue, SharedList<String> consumed) throws InterruptedException {
        LoadContract.runRounds(worker, ROUNDS, map, list, lock, counter, queue, consumed);
    }
}
