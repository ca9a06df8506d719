package io.managedobjects.contracts;

import static io.managedobjects.Conditions.awaitState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.managedobjects.ManagedProcess;
import io.managedobjects.ProcessTask;
import io.managedobjects.SharedBarrier;
import io.managedobjects.SharedList;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Barriers on every backend, with {@code CyclicBarrier}'s rules: parties released together round after round, the
 * barrier action run once per trip by the last party to arrive, and a barrier broken for every waiting party by a
 * timeout, an interrupt, an abort, a reset, an action that throws, or a party's death.
 */
public abstract class BarriersContract extends BackendContract {

    @Test
    void barrierReleasesFivePartiesTogetherRoundAfterRoundAndRunsItsActionOncePerTrip() throws Exception {
        AtomicInteger trips = new AtomicInteger();
        SharedBarrier barrier = manager.barrier(5, trips::incrementAndGet);
        for (int round = 1; round <= 3; round++) {
            List<Future<Integer>> parties = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                parties.add(threads.submit(() -> barrier.await(Duration.ofSeconds(30))));
            }
            List<Integer> indexes = new ArrayList<>();
            for (Future<Integer> party : parties) {
                indexes.add(within(party));
            }
            assertThat(indexes).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
            assertThat(trips.get()).isEqualTo(round);
        }
        assertThat(barrier.getParties()).isEqualTo(5);
        assertThat(barrier.isBroken()).isFalse();
    }

    @Test
    void abortTimeoutAndResetBreakTheBarrierForEveryWaiter() throws Exception {
        SharedBarrier barrier = manager.barrier(3);
        Future<Integer> first = threads.submit(() -> barrier.await());
        awaitState(manager, barrier, "waiting", 1);
        barrier.abort();
        assertThatThrownBy(() -> within(first)).hasCauseInstanceOf(BrokenBarrierException.class);
        assertThat(barrier.isBroken()).isTrue();
        assertThatThrownBy(barrier::await).isInstanceOf(BrokenBarrierException.class);

        barrier.reset();
        assertThat(barrier.isBroken()).isFalse();
        Future<Integer> waiting = threads.submit(() -> barrier.await());
        awaitState(manager, barrier, "waiting", 1);
        assertThatThrownBy(() -> barrier.await(Duration.ofMillis(50))).isInstanceOf(TimeoutException.class);
        assertThatThrownBy(() -> within(waiting)).hasCauseInstanceOf(BrokenBarrierException.class);

        barrier.reset();
        Future<Integer> beforeReset = threads.submit(() -> barrier.await());
        awaitState(manager, barrier, "waiting", 1);
        barrier.reset();
        assertThatThrownBy(() -> within(beforeReset)).hasCauseInstanceOf(BrokenBarrierException.class);
        assertThat(barrier.isBroken()).isFalse();
    }

    @Test
    void interruptingABarrierAwaitBreaksTheBarrier() throws Exception {
        SharedBarrier barrier = manager.barrier(2);
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread party = new Thread(() -> {
            try {
                barrier.await();
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
        });
        party.start();
        awaitState(manager, barrier, "waiting", 1);
        party.interrupt();
        assertThat(outcome.get(30, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        assertThat(barrier.isBroken()).isTrue();
    }

    @Test
    void aBarrierActionThatThrowsBreaksTheBarrierForTheOthers() throws Exception {
        SharedBarrier barrier = manager.barrier(2, () -> {
            throw new IllegalStateException("the action failed");
        });
        Future<Integer> waiting = threads.submit(() -> barrier.await());
        awaitState(manager, barrier, "waiting", 1);
        assertThatThrownBy(barrier::await).isInstanceOf(IllegalStateException.class).hasMessage("the action failed");
        assertThatThrownBy(() -> within(waiting)).hasCauseInstanceOf(BrokenBarrierException.class);
        assertThat(barrier.isBroken()).isTrue();
    }

    /** Arrives at the barrier and waits to be killed there. */
    public static class AwaitBarrier implements ProcessTask {
        @Override
        public void run(Object... args) throws Exception {
            ((SharedBarrier) args[0]).await();
        }
    }

    @Test
    void aBarrierBreaksForTheOthersWhenAWaitingPartyIsKilled() throws Exception {
        assumeProcesses();
        SharedBarrier barrier = manager.barrier(3);
        ManagedProcess child = start(AwaitBarrier.class, barrier);
        awaitState(manager, barrier, "waiting", 1);

        child.kill();

        awaitState(manager, barrier, "broken", true);
        assertThatThrownBy(barrier::await).isInstanceOf(BrokenBarrierException.class);
    }

    /** Runs rounds at the barrier, recording its round before each arrival. */
    public static class Lockstep implements ProcessTask {
        @Override
        @SuppressWarnings("unchecked")
        public void run(Object... args) throws Exception {
            SharedBarrier barrier = (SharedBarrier) args[0];
            SharedList<Integer> log = (SharedList<Integer>) args[1];
            for (int round = 0; round < 3; round++) {
                log.add(round);
                barrier.await(Duration.ofSeconds(60));
            }
        }
    }

    @Test
    void fivePartiesInFourProcessesAndThisOneMoveInLockstep() throws Exception {
        assumeProcesses();
        SharedBarrier barrier = manager.barrier(5);
        SharedList<Integer> log = manager.list();
        List<ManagedProcess> parties = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            parties.add(start(Lockstep.class, barrier, log));
        }
        for (int round = 0; round < 3; round++) {
            log.add(round);
            barrier.await(Duration.ofSeconds(60));
            int finished = round;
            List<Integer> snapshot = new ArrayList<>(log);
            assertThat(snapshot.subList(0, (round + 1) * 5)).as("no party starts round " + (round + 1) + " before all finished round " + round)
                    .allMatch(r -> r <= finished);
        }
        for (ManagedProcess party : parties) {
            assertThat(party.join(Duration.ofMinutes(2))).as("child finished").isTrue();
            assertThat(party.exitCode()).hasValue(0);
        }
        assertThat(log).hasSize(15);
        for (int round = 0; round < 3; round++) {
            int r = round;
            assertThat(log.subList(round * 5, round * 5 + 5)).allMatch(x -> x == r);
        }
    }
}
