package io.managedobjects.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedobjects.ManagedProcess;
import io.managedobjects.Manager;
import io.managedobjects.ProcessTask;
import io.managedobjects.SharedAtomicLong;
import io.managedobjects.SharedList;
import io.managedobjects.SharedMap;
import io.managedobjects.SharedQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Child processes of a manager on Redis: started with {@code process(...)}, they connect to the same Redis and use
 * the shared objects they are handed. Nothing is lost or duplicated under load from 8 of them at once.
 */
@ExtendWith(RedisServer.class)
class ProcessesOnRedisTest {

    static final int PROCESSES = 8;
    static final int ROUNDS = 300;

    /** Each round: a map put, a list append, an increment, a queue put and a take recorded in another list. */
    public static class MixedWorker implements ProcessTask {
        @Override
        @SuppressWarnings("unchecked")
        public void run(Object... args) throws Exception {
            SharedMap<String, Integer> map = (SharedMap<String, Integer>) args[0];
            SharedList<String> list = (SharedList<String>) args[1];
            SharedAtomicLong counter = (SharedAtomicLong) args[2];
            SharedQueue<String> queue = (SharedQueue<String>) args[3];
            SharedList<String> consumed = (SharedList<String>) args[4];
            int worker = (Integer) args[5];
            for (int round = 0; round < ROUNDS; round++) {
                String id = worker + "-" + round;
                map.put(id, round);
                list.add(id);
                counter.incrementAndGet();
                queue.put(id);
                consumed.add(queue.take());
            }
            Manager.inherited().<String>list("finished").add(Integer.toString(worker));
        }
    }

    @Test
    void eightProcessesMixingOperationsLoseAndDuplicateNothing() throws Exception {
        try (Manager manager = Manager.builder().address(RedisServer.address()).connect()) {
            SharedMap<String, Integer> map = manager.map();
            SharedList<String> list = manager.list();
            SharedAtomicLong counter = manager.atomicLong(0);
            SharedQueue<String> queue = manager.queue();
            SharedList<String> consumed = manager.list();
            List<ManagedProcess> workers = new ArrayList<>();
            try {
                for (int i = 0; i < PROCESSES; i++) {
                    workers.add(manager.process(MixedWorker.class, map, list, counter, queue, consumed, i).start());
                }
                for (ManagedProcess worker : workers) {
                    assertThat(worker.join(Duration.ofMinutes(5))).as("worker finished").isTrue();
                    assertThat(worker.exitCode()).hasValue(0);
                }
            } finally {
                workers.forEach(ManagedProcess::kill);
            }
            int total = PROCESSES * ROUNDS;
            assertThat(map).hasSize(total);
            List<String> appended = new ArrayList<>(list);
            assertThat(appended).hasSize(total);
            assertThat(new HashSet<>(appended)).hasSize(total);
            assertThat(counter.get()).isEqualTo(total);
            List<String> taken = new ArrayList<>(consumed);
            assertThat(taken).hasSize(total);
            assertThat(new HashSet<>(taken)).isEqualTo(new HashSet<>(appended));
            assertThat(queue).isEmpty();
            assertThat(manager.<String>list("finished")).hasSize(PROCESSES);
        }
    }
}
