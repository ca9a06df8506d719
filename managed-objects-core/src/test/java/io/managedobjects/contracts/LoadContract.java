package io.managedobjects.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedobjects.ManagedProcess;
import io.managedobjects.ProcessTask;
import io.managedobjects.SharedList;
import io.managedobjects.SharedLock;
import io.managedobjects.SharedMap;
import io.managedobjects.SharedQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Nothing lost under load, on every backend: 16 client processes of mixed operations — map puts of unique keys, list
 * appends, counter increments under a lock, queue hand-offs between processes — then every write is present exactly
 * once and every queued item was consumed exactly once.
 */
public abstract class LoadContract extends BackendContract {

    /** How many client processes. */
    public static final int PROCESSES = 16;

    /**
     * How many rounds of 5 operations each process runs (a backend whose calls are slower runs fewer).
     *
     * @return the rounds
     */
    protected abstract int rounds();

    /**
     * One worker: each round is 5 operations (a put, an append, a locked increment, a queue put, a queue take recorded
     * in the consumed list).
     */
    public static class MixedWorker implements ProcessTask {
        @Override
        @SuppressWarnings("unchecked")
        public void run(Object... args) throws Exception {
            runRounds((Integer) args[6], (Integer) args[7], (SharedMap<String, Integer>) args[0], (SharedList<String>) args[1],
                    (SharedLock) args[2], (SharedMap<String, Long>) args[3], (SharedQueue<String>) args[4], (SharedList<String>) args[5]);
        }
    }

    /**
     * Runs one worker's rounds.
     *
     * @param worker the worker's number
     * @param rounds how many rounds
     * @param map where each round puts its unique key
     * @param list where each round appends its key
     * @param lock the lock of the counter
     * @param counter the counter, a plain value incremented under the lock
     * @param queue where each round puts its key, then takes one
     * @param consumed where each round records what it took
     * @throws InterruptedException if a take is interrupted
     */
    public static void runRounds(int worker, int rounds, SharedMap<String, Integer> map, SharedList<String> list, SharedLock lock,
            SharedMap<String, Long> counter, SharedQueue<String> queue, SharedList<String> consumed) throws InterruptedException {
        for (int round = 0; round < rounds; round++) {
            String id = worker + "-" + round;
            map.put(id, round);
            list.add(id);
            lock.lock();
            try {
                counter.put("count", counter.get("count") + 1);
            } finally {
                lock.unlock();
            }
            queue.put(id);
            consumed.add(queue.take());
        }
    }

    @Test
    void sixteenProcessesMixingOperationsUnderALockLoseAndDuplicateNothing() throws Exception {
        assumeProcesses();
        int rounds = rounds();
        SharedMap<String, Integer> map = manager.map();
        SharedList<String> list = manager.list();
        SharedLock lock = manager.lock();
        SharedMap<String, Long> counter = manager.map();
        counter.put("count", 0L);
        SharedQueue<String> queue = manager.queue();
        SharedList<String> consumed = manager.list();
        List<ManagedProcess> workers = new ArrayList<>();
        try {
            for (int i = 0; i < PROCESSES; i++) {
                workers.add(manager.process(MixedWorker.class, map, list, lock, counter, queue, consumed, i, rounds).start());
            }
            for (ManagedProcess worker : workers) {
                assertThat(worker.join(Duration.ofMinutes(5))).as("worker finished").isTrue();
                assertThat(worker.exitCode()).hasValue(0);
            }
        } finally {
            workers.forEach(ManagedProcess::kill);
        }
        int total = PROCESSES * rounds;
        assertThat(map).hasSize(total);
        for (int worker = 0; worker < PROCESSES; worker++) {
            for (int round = 0; round < rounds; round += 97) {
                assertThat(map.get(worker + "-" + round)).isEqualTo(round);
            }
        }
        List<String> appended = new ArrayList<>(list);
        assertThat(appended).hasSize(total);
        assertThat(new HashSet<>(appended)).hasSize(total);
        assertThat(counter.get("count")).isEqualTo((long) total);
        List<String> taken = new ArrayList<>(consumed);
        Set<String> distinct = new HashSet<>(taken);
        assertThat(taken).hasSize(total);
        assertThat(distinct).hasSize(total).isEqualTo(new HashSet<>(appended));
        assertThat(queue).isEmpty();
    }
}
