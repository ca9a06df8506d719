package io.managedobjects.sync;

import static io.managedobjects.Conditions.awaitState;
import static org.assertj.core.api.Assertions.assertThat;

import io.managedobjects.ManagedProcess;
import io.managedobjects.Manager;
import io.managedobjects.ProcessTask;
import io.managedobjects.SharedAtomicLong;
import io.managedobjects.SharedList;
import io.managedobjects.SharedQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The synchronization primitives across real child JVMs, including children killed with SIGKILL. */
class SyncAcrossProcessesTest {

    static Manager manager;
    final List<ManagedProcess> children = new ArrayList<>();

    @BeforeAll
    static void start() {
        manager = Manager.start();
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    @AfterEach
    void killChildren() {
        children.forEach(ManagedProcess::kill);
    }

    private ManagedProcess start(Class<? extends ProcessTask> task, Object... args) {
        ManagedProcess child = manager.process(task, args);
        children.add(child);
        return child.start();
    }

    private static void joinAll(List<ManagedProcess> processes) throws InterruptedException {
        for (ManagedProcess process : processes) {
            assertThat(process.join(Duration.ofSeconds(120))).as("child finished").isTrue();
            assertThat(process.exitCode()).hasValue(0);
        }
    }

    /** Blocks in take() and would record what it got. */
    public static class Take implements ProcessTask {
        @Override
        @SuppressWarnings("unchecked")
        public void run(Object... args) throws Exception {
            Object item = ((SharedQueue<Object>) args[0]).take();
            ((SharedList<Object>) args[1]).add(item);
        }
    }

    @Test
    void aKilledChildBlockedInTakeNeverConsumesTheNextItem() throws Exception {
        SharedQueue<String> queue = manager.queue();
        SharedList<Object> taken = manager.list();
        ManagedProcess child = start(Take.class, queue, taken);
        awaitState(manager, queue, "takers", 1);

        child.kill();
        assertThat(child.join(Duration.ofSeconds(30))).isTrue();
        awaitState(manager, queue, "takers", 0);
        queue.put("precious");

        assertThat(queue.poll(10, TimeUnit.SECONDS)).isEqualTo("precious");
        assertThat(taken).isEmpty();
    }

    /** Puts numbered items. */
    public static class Produce implements ProcessTask {
        @Override
        @SuppressWarnings("unchecked")
        public void run(Object... args) throws Exception {
            SharedQueue<Integer> queue = (SharedQueue<Integer>) args[0];
            for (int i = 0; i < 200; i++) {
                queue.put(i);
            }
        }
    }

    @Test
    void itemsArriveInFifoOrderFromAProducerProcess() throws Exception {
        SharedQueue<Integer> queue = manager.queue(10);
        ManagedProcess producer = start(Produce.class, queue);
        for (int i = 0; i < 200; i++) {
            assertThat(queue.poll(60, TimeUnit.SECONDS)).isEqualTo(i);
        }
        joinAll(List.of(producer));
    }

    /** Takes items until a poison pill, marking each done. */
    public static class Worker implements ProcessTask {
        @Override
        @SuppressWarnings("unchecked")
        public void run(Object... args) throws Exception {
            SharedQueue<Integer> queue = (SharedQueue<Integer>) args[0];
            SharedAtomicLong processed = (SharedAtomicLong) args[1];
            while (true) {
                int item = queue.take();
                if (item < 0) {
                    queue.taskDone();
                    return;
                }
                processed.incrementAndGet();
                queue.taskDone();
            }
        }
    }

    @Test
    void joinReturnsOnlyAfterFourWorkerProcessesMarkedEveryItemDone() throws Exception {
        SharedQueue<Integer> queue = manager.queue();
        SharedAtomicLong processed = manager.atomicLong(0);
        for (int i = 0; i < 100; i++) {
            queue.put(i);
        }
        List<ManagedProcess> workers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            workers.add(start(Worker.class, queue, processed));
        }
        queue.join();
        assertThat(processed.get()).isEqualTo(100);
        for (int i = 0; i < 4; i++) {
            queue.put(-1);
        }
        queue.join();
        joinAll(workers);
    }
}
