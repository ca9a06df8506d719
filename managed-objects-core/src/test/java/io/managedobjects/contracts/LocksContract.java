package io.managedobjects.contracts;

import static io.managedobjects.Conditions.awaitState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.managedobjects.Conditions;
import io.managedobjects.ConnectionInfo;
import io.managedobjects.ManagedProcess;
import io.managedobjects.ProcessTask;
import io.managedobjects.SharedList;
import io.managedobjects.SharedLock;
import io.managedobjects.SharedMap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Locks on every backend: a plain lock (Python's {@code Lock}: anyone may release it) and a reentrant one (owned by
 * its process and thread, counting holds), waiters served in order of arrival, timeouts and interrupts as
 * {@link java.util.concurrent.locks.Lock} defines them, with threads of this process and with child processes, one of
 * them killed while it holds the lock.
 */
public abstract class LocksContract extends BackendContract {

    private ExecutorService threads;
    private final List<ManagedProcess> children = new ArrayList<>();

    @BeforeEach
    void startThreads() {
        threads = Executors.newCachedThreadPool();   // one instance serves the whole class: a pool per test
    }

    @AfterEach
    void stopThreadsAndChildren() {
        threads.shutdownNow();
        children.forEach(ManagedProcess::kill);
        children.clear();
    }

    private static <T> T within(Future<T> future) throws Exception {
        return future.get(60, TimeUnit.SECONDS);
    }

    private ManagedProcess start(Class<? extends ProcessTask> task, Object... args) {
        ManagedProcess child = manager.process(task, args);
        children.add(child);
        return child.start();
    }

    @Test
    void reentrantLockIsOwnedByItsThreadAndCountsHolds() throws Exception {
        SharedLock lock = manager.reentrantLock();
        lock.lock();
        lock.lock();
        assertThat(lock.getHoldCount()).isEqualTo(2);
        assertThat(lock.isHeldByCurrentThread()).isTrue();
        assertThat(within(threads.submit(() -> lock.tryLock()))).isFalse();
        assertThat(within(threads.submit(() -> lock.isHeldByCurrentThread()))).isFalse();
        assertThatThrownBy(() -> within(threads.submit(() -> {
            lock.unlock();
            return null;
        }))).hasCauseInstanceOf(IllegalMonitorStateException.class);
        lock.unlock();
        assertThat(lock.isLocked()).isTrue();
        lock.unlock();
        assertThat(lock.isLocked()).isFalse();
        assertThat(lock.getHoldCount()).isZero();
        assertThatThrownBy(lock::unlock).isInstanceOf(IllegalMonitorStateException.class);
    }

    @Test
    void plainLockMayBeReleasedByAnyoneButNotTwice() throws Exception {
        SharedLock lock = manager.lock();
        lock.lock();
        assertThat(lock.tryLock()).isFalse();
        within(threads.submit(() -> {
            lock.unlock();
            return null;
        }));
        assertThat(lock.isLocked()).isFalse();
        assertThatThrownBy(lock::unlock).isInstanceOf(IllegalMonitorStateException.class)
                .hasMessageContaining("not locked");
    }

    @Test
    void waitersAreServedInOrderAndOnlyTheirThreadBlocks() throws Exception {
        SharedLock lock = manager.lock("ordered");
        List<Integer> order = java.util.Collections.synchronizedList(new ArrayList<>());
        lock.lock();
        List<Future<?>> waiters = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int id = i;
            waiters.add(threads.submit(() -> {
                lock.lock();
                order.add(id);
                lock.unlock();
                return null;
            }));
            awaitState(manager, lock, "waiters", id + 1);
        }
        assertThat(manager.map().put("served meanwhile", 1)).isNull();
        lock.unlock();
        for (Future<?> waiter : waiters) {
            within(waiter);
        }
        assertThat(order).containsExactly(0, 1, 2);
    }

    @Test
    void aFreedLockGoesToTheFirstWaiterNotToACallerThatComesLater() throws Exception {
        SharedLock lock = manager.lock();
        lock.lock();
        Future<Boolean> waiter = threads.submit(() -> lock.tryLock(60, TimeUnit.SECONDS));
        awaitState(manager, lock, "waiters", 1);
        lock.unlock();
        assertThat(lock.tryLock()).isFalse();   // handed to the waiter at the release, whether or not it has woken yet
        assertThat(within(waiter)).isTrue();
        lock.unlock();
    }

    @Test
    void tryLockWithATimeoutGivesUp() throws Exception {
        SharedLock lock = manager.lock();
        lock.lock();
        assertThat(within(threads.submit(() -> lock.tryLock(50, TimeUnit.MILLISECONDS)))).isFalse();
        awaitState(manager, lock, "waiters", 0);
        lock.unlock();
        assertThat(within(threads.submit(() -> lock.tryLock(5, TimeUnit.SECONDS)))).isTrue();
    }

    @Test
    void interruptingLockInterruptiblyAbortsTheWaitAndTheLockForgetsTheWaiter() throws Exception {
        SharedLock lock = manager.lock();
        lock.lock();
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            try {
                lock.lockInterruptibly();
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
        });
        waiter.start();
        awaitState(manager, lock, "waiters", 1);
        waiter.interrupt();
        assertThat(outcome.get(60, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        awaitState(manager, lock, "waiters", 0);
        lock.unlock();
        assertThat(lock.isLocked()).isFalse();
    }

    @Test
    void lockIgnoresInterruptsLikeEveryLockButKeepsTheStatus() throws Exception {
        SharedLock lock = manager.lock();
        lock.lock();
        CompletableFuture<Boolean> interruptedAfterLock = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            lock.lock();
            interruptedAfterLock.complete(Thread.currentThread().isInterrupted());
            lock.unlock();
        });
        waiter.start();
        awaitState(manager, lock, "waiters", 1);
        waiter.interrupt();
        awaitState(manager, lock, "waiters", 1);
        lock.unlock();
        assertThat(interruptedAfterLock.get(60, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void anInterruptedThreadCanStillUnlock() {
        SharedLock lock = manager.reentrantLock();
        lock.lock();
        Thread.currentThread().interrupt();
        try {
            lock.unlock();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(lock.isLocked()).isFalse();
    }

    @Test
    void infoShowsTheOwnerTheWaitersAndTheConnectionsHeldLocks() throws Exception {
        SharedLock lock = manager.reentrantLock("visible");
        lock.lock();
        try {
            assertThat(Conditions.state(manager, lock, "locked")).isEqualTo(true);
            assertThat((String) Conditions.state(manager, lock, "owner")).contains("pid " + ProcessHandle.current().pid());
            assertThat(manager.info().connections()).flatExtracting(ConnectionInfo::heldLocks).contains(lock.sharedId());
        } finally {
            lock.unlock();
        }
        assertThat(Conditions.state(manager, lock, "locked")).isEqualTo(false);
        assertThat(manager.info().connections()).flatExtracting(ConnectionInfo::heldLocks).doesNotContain(lock.sharedId());
    }

    @Test
    void aNamedLockIsOneLockForEveryoneWhoAsksForIt() throws Exception {
        SharedLock mine = manager.lock("one-lock");
        mine.lock();
        assertThat(within(threads.submit(() -> manager.lock("one-lock").tryLock()))).isFalse();
        mine.unlock();
        assertThat(within(threads.submit(() -> manager.lock("one-lock").tryLock()))).isTrue();
        assertThatThrownBy(() -> manager.reentrantLock("one-lock")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void fencingTokensGrowWithEveryAcquisitionAndOnlyTheHolderHasOne() throws Exception {
        SharedLock lock = manager.reentrantLock();
        assertThatThrownBy(lock::fencingToken).isInstanceOf(IllegalMonitorStateException.class);
        lock.lock();
        long first = lock.fencingToken();
        lock.lock();
        assertThat(lock.fencingToken()).as("a re-entry keeps the token").isEqualTo(first);
        assertThatThrownBy(() -> within(threads.submit(lock::fencingToken))).hasCauseInstanceOf(IllegalMonitorStateException.class);
        lock.unlock();
        lock.unlock();
        long second = within(threads.submit(() -> {
            lock.lock();
            try {
                return lock.fencingToken();
            } finally {
                lock.unlock();
            }
        }));
        assertThat(second).isGreaterThan(first);

        SharedLock plain = manager.lock();
        plain.lock();
        long held = plain.fencingToken();
        Future<Long> waiter = threads.submit(() -> {
            plain.lock();
            return plain.fencingToken();
        });
        awaitState(manager, plain, "waiters", 1);
        plain.unlock();
        assertThat(within(waiter)).as("the token of the waiter the lock was handed to").isGreaterThan(held);
    }

    /** Read-modify-write of a plain value in a map, 1,000 times, under the lock. */
    public static class IncrementUnderLock implements ProcessTask {
        @Override
        @SuppressWarnings("unchecked")
        public void run(Object... args) {
            SharedLock lock = (SharedLock) args[0];
            SharedMap<String, Integer> map = (SharedMap<String, Integer>) args[1];
            for (int i = 0; i < 1_000; i++) {
                lock.lock();
                try {
                    map.put("count", map.get("count") + 1);
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    @Test
    void eightProcessesIncrementingUnderOneLockLoseNoUpdate() throws Exception {
        assumeProcesses();
        SharedLock lock = manager.lock();
        SharedMap<String, Integer> map = manager.map();
        map.put("count", 0);
        List<ManagedProcess> workers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            workers.add(start(IncrementUnderLock.class, lock, map));
        }
        for (ManagedProcess worker : workers) {
            assertThat(worker.join(Duration.ofMinutes(3))).as("child finished").isTrue();
            assertThat(worker.exitCode()).hasValue(0);
        }
        assertThat(map.get("count")).isEqualTo(8_000);
    }

    /** Takes the lock, says so in the list, and waits to be killed. */
    public static class HoldAndHang implements ProcessTask {
        @Override
        @SuppressWarnings("unchecked")
        public void run(Object... args) throws Exception {
            ((SharedLock) args[0]).lock();
            ((SharedList<String>) args[1]).add("holding");
            new CountDownLatch(1).await();
        }
    }

    @Test
    void aLockHeldByAKilledProcessGoesToTheNextWaiter() throws Exception {
        assumeProcesses();
        for (SharedLock lock : List.of(manager.reentrantLock(), manager.lock())) {
            SharedList<String> said = manager.list();
            ManagedProcess child = start(HoldAndHang.class, lock, said);
            Conditions.await("the child holding the lock", () -> !said.isEmpty());
            assertThat(lock.tryLock()).isFalse();
            Future<Boolean> waiter = threads.submit(() -> lock.tryLock(2, TimeUnit.MINUTES));
            awaitState(manager, lock, "waiters", 1);

            child.kill();

            assertThat(within(waiter)).as("the waiter got the lock of the killed process").isTrue();
            assertThat(Conditions.state(manager, lock, "waiters")).isEqualTo(0);
        }
    }
}
