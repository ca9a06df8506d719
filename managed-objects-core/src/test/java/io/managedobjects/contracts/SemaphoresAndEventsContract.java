package io.managedobjects.contracts;

import static io.managedobjects.Conditions.awaitState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.managedobjects.Conditions;
import io.managedobjects.ManagedProcess;
import io.managedobjects.ProcessTask;
import io.managedobjects.SharedEvent;
import io.managedobjects.SharedSemaphore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Semaphores (plain and bounded) and events on every backend: permits counted and handed out in order of arrival,
 * returned when the process holding them dies, and events that wake every waiter; with threads of this process and
 * with child processes, some of them killed.
 */
public abstract class SemaphoresAndEventsContract extends BackendContract {

    @Test
    void semaphoreCountsPermitsAndBoundedOnesRefuseOverRelease() throws Exception {
        SharedSemaphore slots = manager.semaphore(2);
        slots.acquire();
        assertThat(slots.tryAcquire(2)).isFalse();
        assertThat(slots.tryAcquire()).isTrue();
        assertThat(slots.availablePermits()).isZero();
        Future<Boolean> waiting = threads.submit(() -> slots.tryAcquire(30, TimeUnit.SECONDS));
        awaitState(manager, slots, "waiters", 1);
        slots.release();
        assertThat(within(waiting)).isTrue();
        assertThat(slots.tryAcquire(20, TimeUnit.MILLISECONDS)).isFalse();
        slots.release(3);
        assertThat(slots.drainPermits()).isEqualTo(3);
        assertThatThrownBy(() -> manager.semaphore(-1)).isInstanceOf(IllegalArgumentException.class);

        SharedSemaphore bounded = manager.boundedSemaphore(1);
        assertThatThrownBy(bounded::release).isInstanceOf(IllegalStateException.class).hasMessageContaining("released too many times");
        bounded.acquire();
        bounded.release();
        assertThat(bounded.availablePermits()).isEqualTo(1);
    }

    @Test
    void waitersForPermitsAreServedInOrderOfArrival() throws Exception {
        SharedSemaphore semaphore = manager.semaphore(0);
        List<Integer> order = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Future<?>> waiters = new ArrayList<>();
        int[] wants = {2, 1, 1};
        for (int i = 0; i < wants.length; i++) {
            int id = i;
            waiters.add(threads.submit(() -> {
                semaphore.acquire(wants[id]);
                order.add(id);
                return null;
            }));
            awaitState(manager, semaphore, "waiters", id + 1);
        }
        semaphore.release(1);   // not enough for the first: nobody behind it goes ahead
        assertThat(semaphore.tryAcquire(1, 50, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(order).isEmpty();
        semaphore.release(1);   // now 2: the first's
        Conditions.await("the first waiter served", () -> order.size() == 1);
        semaphore.release(1);
        Conditions.await("the second waiter served", () -> order.size() == 2);
        semaphore.release(1);
        for (Future<?> waiter : waiters) {
            within(waiter);
        }
        assertThat(order).containsExactly(0, 1, 2);
        assertThat(semaphore.availablePermits()).isZero();
    }

    @Test
    void interruptingAnAcquireGivesUpItsPlaceAndThoseBehindGoOn() throws Exception {
        SharedSemaphore semaphore = manager.semaphore(1);
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread greedy = new Thread(() -> {
            try {
                semaphore.acquire(2);
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
        });
        greedy.start();
        awaitState(manager, semaphore, "waiters", 1);
        Future<Boolean> modest = threads.submit(() -> semaphore.tryAcquire(1, 60, TimeUnit.SECONDS));
        awaitState(manager, semaphore, "waiters", 2);
        greedy.interrupt();
        assertThat(outcome.get(60, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        assertThat(within(modest)).as("the waiter behind the one that left").isTrue();
        assertThat(semaphore.availablePermits()).isZero();
    }

    @Test
    void eventWakesEveryWaiterAndTimesOut() throws Exception {
        SharedEvent event = manager.event();
        assertThat(event.await(Duration.ofMillis(30))).isFalse();
        List<Future<Boolean>> waiters = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            waiters.add(threads.submit(() -> event.await(Duration.ofSeconds(30))));
        }
        awaitState(manager, event, "waiters", 3);
        event.set();
        for (Future<Boolean> waiter : waiters) {
            assertThat(within(waiter)).isTrue();
        }
        assertThat(event.isSet()).isTrue();
        event.await();
        event.clear();
        assertThat(event.isSet()).isFalse();
        awaitState(manager, event, "waiters", 0);
    }

    @Test
    void anEventSetAndClearedAgainWhileOthersWaitStillWakesThem() throws Exception {
        SharedEvent event = manager.event("set-and-cleared");
        Future<Boolean> waiter = threads.submit(() -> event.await(Duration.ofSeconds(60)));
        awaitState(manager, event, "waiters", 1);
        event.set();
        event.clear();
        assertThat(within(waiter)).isTrue();
        assertThat(event.isSet()).isFalse();
    }

    /** Takes two permits, sets the event, and waits to be killed. */
    public static class HoldPermitsAndHang implements ProcessTask {
        @Override
        public void run(Object... args) throws Exception {
            ((SharedSemaphore) args[0]).acquire(2);
            ((SharedEvent) args[1]).set();
            new CountDownLatch(1).await();
        }
    }

    @Test
    void permitsHeldByAKilledProcessAreReturned() throws Exception {
        assumeProcesses();
        SharedSemaphore semaphore = manager.semaphore(3);
        SharedEvent holding = manager.event();
        ManagedProcess child = start(HoldPermitsAndHang.class, semaphore, holding);
        assertThat(holding.await(Duration.ofSeconds(60))).isTrue();
        assertThat(semaphore.availablePermits()).isEqualTo(1);

        child.kill();

        assertThat(semaphore.tryAcquire(3, 60, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aKilledProcessesPermitsReturnEvenWhenTheSemaphoreStartedAtZero() throws Exception {
        assumeProcesses();
        SharedSemaphore semaphore = manager.semaphore(0);
        semaphore.release(2);
        SharedEvent holding = manager.event();
        ManagedProcess child = start(HoldPermitsAndHang.class, semaphore, holding);
        assertThat(holding.await(Duration.ofSeconds(60))).isTrue();
        assertThat(semaphore.availablePermits()).isZero();

        child.kill();

        assertThat(semaphore.tryAcquire(2, 60, TimeUnit.SECONDS)).as("the killed child's two permits came back").isTrue();
        assertThat(semaphore.availablePermits()).isZero();
    }

    @Test
    void permitsHandedBackByAnotherProcessAreNotReturnedAgainWhenTheTakerDies() throws Exception {
        assumeProcesses();
        SharedSemaphore semaphore = manager.semaphore(0);
        semaphore.release(2);
        SharedEvent holding = manager.event();
        ManagedProcess child = start(HoldPermitsAndHang.class, semaphore, holding);
        assertThat(holding.await(Duration.ofSeconds(60))).isTrue();
        semaphore.release(2);   // this process gives the child's permits back for it (a hand-off)

        child.kill();
        assertThat(child.join(Duration.ofSeconds(30))).isTrue();
        Conditions.awaitSessionEnded(manager::info, child.pid());
        assertThat(semaphore.availablePermits()).as("the hand-off was paid back once, not again at the child's death").isEqualTo(2);
    }
}
