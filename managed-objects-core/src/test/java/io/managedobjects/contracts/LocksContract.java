package io.managedobjects.contracts;

import static io.managedobjects.Conditions.awaitState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.managedobjects.Conditions;
import io.managedobjects.ConnectionInfo;
import io.managedobjects.ManagedProcess;
import io.managedobjects.ProcessTask;
import io.managedobjects.SharedAtomicLong;
import io.managedobjects.SharedCondition;
import io.managedobjects.SharedList;
import io.managedobjects.SharedLock;
import io.managedobjects.SharedMap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Locks and their conditions on every backend: a plain lock (Python's {@code Lock}: anyone may release it) and a reentrant one (owned by
 * its process and thread, counting holds), waiters served in order of arrival, timeouts and interrupts as
 * {@link java.util.concurrent.locks.Lock} defines them, with threads of this process and with child processes, one of
 * them killed while it holds the lock.
 */
public abstract class LocksContract extends BackendContract {

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

    // ---- conditions ----

    @Test
    void conditionAwaitReleasesTheLockAndSignalWakesOneWaiter() throws Exception {
        SharedLock lock = manager.reentrantLock();
        SharedCondition ready = lock.newCondition();
        AtomicInteger woken = new AtomicInteger();
        List<Future<?>> waiters = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            waiters.add(threads.submit(() -> {
                lock.lock();
                try {
                    ready.await();
                    assertThat(lock.isHeldByCurrentThread()).isTrue();
                    woken.incrementAndGet();
                } finally {
                    lock.unlock();
                }
                return null;
            }));
        }
        awaitState(manager, ready, "waiters", 2);
        lock.lock();
        ready.signal();
        lock.unlock();
        Conditions.await("one waiter woken", () -> woken.get() == 1);
        awaitState(manager, ready, "waiters", 1);
        lock.lock();
        ready.signalAll();
        lock.unlock();
        for (Future<?> waiter : waiters) {
            within(waiter);
        }
        assertThat(woken.get()).isEqualTo(2);
    }

    @Test
    void conditionAwaitWithATimeoutReturnsFalseHoldingTheLockWithItsHolds() throws Exception {
        SharedCondition condition = manager.condition();
        SharedLock lock = condition.lock();
        lock.lock();
        lock.lock();
        try {
            assertThat(condition.await(50, TimeUnit.MILLISECONDS)).isFalse();
            assertThat(lock.isHeldByCurrentThread()).isTrue();
            assertThat(lock.getHoldCount()).as("the holds given up come back").isEqualTo(2);
            assertThat(condition.awaitNanos(1_000_000)).isLessThanOrEqualTo(0);
        } finally {
            lock.unlock();
            lock.unlock();
        }
        assertThatThrownBy(condition::signal).isInstanceOf(IllegalMonitorStateException.class);
        assertThatThrownBy(condition::await).isInstanceOf(IllegalMonitorStateException.class);
    }

    @Test
    void aSignalledWaiterGetsTheLockBackOnlyWhenTheSignallerReleasesIt() throws Exception {
        SharedCondition condition = manager.condition("signalled");
        SharedLock lock = condition.lock();
        assertThat(manager.condition("signalled").lock().sharedId()).isEqualTo(lock.sharedId());
        Future<Long> waiter = threads.submit(() -> {
            lock.lock();
            try {
                return condition.awaitNanos(TimeUnit.SECONDS.toNanos(60));
            } finally {
                lock.unlock();
            }
        });
        awaitState(manager, condition, "waiters", 1);
        lock.lock();
        condition.signal();
        assertThat(waiter.isDone()).isFalse();
        assertThat(lock.isHeldByCurrentThread()).isTrue();
        lock.unlock();
        assertThat(within(waiter)).as("signalled in time: time left").isPositive();
    }

    @Test
    void interruptingAConditionAwaitReacquiresTheLockThenThrows() throws Exception {
        SharedLock lock = manager.reentrantLock();
        SharedCondition condition = lock.newCondition();
        CompletableFuture<Boolean> heldWhenInterrupted = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            lock.lock();
            try {
                condition.await();
                heldWhenInterrupted.complete(false);
            } catch (InterruptedException e) {
                heldWhenInterrupted.complete(lock.isHeldByCurrentThread());
            } finally {
                lock.unlock();
            }
        });
        waiter.start();
        awaitState(manager, condition, "waiters", 1);
        waiter.interrupt();
        assertThat(heldWhenInterrupted.get(60, TimeUnit.SECONDS)).isTrue();
        waiter.join(60_000);
        assertThat(lock.isLocked()).isFalse();
    }

    @Test
    void aSignalThatCameBeforeAnInterruptCountsAndTheInterruptIsKept() throws Exception {
        SharedLock lock = manager.reentrantLock();
        SharedCondition condition = lock.newCondition();
        CompletableFuture<String> outcome = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            lock.lock();
            try {
                condition.await();
                outcome.complete("returned, interrupted=" + Thread.currentThread().isInterrupted() + ", held=" + lock.isHeldByCurrentThread());
            } catch (InterruptedException e) {
                outcome.complete("threw");
            } finally {
                lock.unlock();
            }
        });
        waiter.start();
        awaitState(manager, condition, "waiters", 1);
        lock.lock();
        condition.signal();
        awaitState(manager, lock, "waiters", 1);   // signalled: it waits for the lock now
        waiter.interrupt();
        lock.unlock();
        assertThat(outcome.get(60, TimeUnit.SECONDS)).isEqualTo("returned, interrupted=true, held=true");
        waiter.join(60_000);
        assertThat(lock.isLocked()).isFalse();
    }

    @Test
    void anInterruptibleAcquisitionByAnInterruptedThreadTakesNothing() throws Exception {
        SharedLock lock = manager.lock();
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(lock::lockInterruptibly).isInstanceOf(InterruptedException.class);
            Thread.currentThread().interrupt();
            assertThatThrownBy(() -> lock.tryLock(1, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        } finally {
            Thread.interrupted();
        }
        assertThat(lock.isLocked()).isFalse();
    }

    /** Waits on the condition, then counts itself as woken. */
    public static class AwaitSignal implements ProcessTask {
        @Override
        public void run(Object... args) throws Exception {
            SharedCondition condition = (SharedCondition) args[0];
            SharedLock lock = condition.lock();
            lock.lock();
            try {
                condition.await();
                ((SharedAtomicLong) args[1]).incrementAndGet();
            } finally {
                lock.unlock();
            }
        }
    }

    @Test
    void conditionSignalWakesOneProcessAndSignalAllTheRest() throws Exception {
        assumeProcesses();
        SharedCondition condition = manager.condition();
        SharedLock lock = condition.lock();
        SharedAtomicLong woken = manager.atomicLong(0);
        List<ManagedProcess> waiters = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            waiters.add(start(AwaitSignal.class, condition, woken));
        }
        awaitState(manager, condition, "waiters", 3);

        lock.lock();
        condition.signal();
        lock.unlock();
        Conditions.await("one process woken", () -> woken.get() == 1);
        awaitState(manager, condition, "waiters", 2);
        assertThat(woken.get()).isEqualTo(1);

        lock.lock();
        condition.signalAll();
        lock.unlock();
        for (ManagedProcess waiter : waiters) {
            assertThat(waiter.join(Duration.ofMinutes(2))).as("child finished").isTrue();
            assertThat(waiter.exitCode()).hasValue(0);
        }
        assertThat(woken.get()).isEqualTo(3);
    }

    @Test
    void aKilledProcessWaitingOnAConditionIsForgottenAndNeverTakesASignal() throws Exception {
        assumeProcesses();
        SharedCondition condition = manager.condition();
        SharedLock lock = condition.lock();
        SharedAtomicLong woken = manager.atomicLong(0);
        ManagedProcess doomed = start(AwaitSignal.class, condition, woken);
        awaitState(manager, condition, "waiters", 1);
        doomed.kill();
        awaitState(manager, condition, "waiters", 0);
        Future<Long> waiter = threads.submit(() -> {
            lock.lock();
            try {
                return condition.awaitNanos(TimeUnit.SECONDS.toNanos(60));
            } finally {
                lock.unlock();
            }
        });
        awaitState(manager, condition, "waiters", 1);
        lock.lock();
        condition.signal();
        lock.unlock();
        assertThat(within(waiter)).as("the one signal went to the live waiter").isPositive();
        assertThat(lock.isLocked()).isFalse();
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
