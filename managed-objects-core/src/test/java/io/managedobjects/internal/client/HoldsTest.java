package io.managedobjects.internal.client;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.managedobjects.ManagerException;
import io.managedobjects.SharedRef;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The ledger that keeps a client from releasing, in a new session, a hold it lost with an ended one. */
class HoldsTest {

    private static final SharedRef GATE = new SharedRef("lock", "1-abcdefgh", "gate");
    private static final SharedRef JOBS = new SharedRef("reentrantLock", "2-abcdefgh", "jobs");
    private static final SharedRef SLOTS = new SharedRef("semaphore", "3-abcdefgh", "slots");
    private static final Object[] NONE = {};

    private final Holds holds = new Holds();

    private void lock(SharedRef ref, int link) {
        holds.beforeCall(ref, "lock", NONE, link);
        holds.afterCall(ref, "lock", NONE, null, link);
    }

    private void unlock(SharedRef ref, int link) {
        holds.beforeCall(ref, "unlock", NONE, link);
        holds.afterCall(ref, "unlock", NONE, null, link);
    }

    @Test
    void aReleaseOfAHoldLostWithItsSessionFailsOnceAndLaterOnesGoThrough() {
        lock(GATE, 1);
        assertThatThrownBy(() -> unlock(GATE, 2)).isInstanceOf(ManagerException.class).hasMessageContaining("'gate'")
                .hasMessageContaining("did nothing");
        assertThatCode(() -> unlock(GATE, 2)).as("a plain lock may be released by anyone").doesNotThrowAnyException();
    }

    @Test
    void holdsTakenAndReleasedWithinOneSessionAreNeverRefused() {
        lock(GATE, 1);
        unlock(GATE, 1);
        lock(GATE, 2);
        assertThatCode(() -> unlock(GATE, 2)).doesNotThrowAnyException();
    }

    @Test
    void aReleaseTheServerRefusedLeavesTheHoldCounted() {
        lock(GATE, 1);
        holds.beforeCall(GATE, "unlock", NONE, 1);
        // the call failed (no afterCall): the hold is still this process's, and is lost with the session
        assertThatThrownBy(() -> unlock(GATE, 2)).isInstanceOf(ManagerException.class);
    }

    @Test
    void reentrantHoldsAreCountedPerThread() throws Exception {
        lock(JOBS, 1);
        AtomicReference<Throwable> other = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                lock(JOBS, 2);
                unlock(JOBS, 2);
            } catch (Throwable t) {
                other.set(t);
            }
        });
        thread.start();
        thread.join();
        assertThatCode(() -> {
            if (other.get() != null) {
                throw other.get();
            }
        }).as("another thread's own hold is its own").doesNotThrowAnyException();
        assertThatThrownBy(() -> unlock(JOBS, 2)).as("this thread's hold was lost").isInstanceOf(ManagerException.class);
    }

    @Test
    void aLateGrantOfAnEndedSessionCountsAsLostAndNeverRewindsTheSession() {
        lock(GATE, 2);
        holds.afterCall(GATE, "lock", NONE, null, 1);   // a reply of session 1 that arrived after session 2 began
        assertThatCode(() -> unlock(GATE, 2)).as("this session's own hold").doesNotThrowAnyException();
        assertThatThrownBy(() -> unlock(GATE, 2)).as("the late grant's hold was lost").isInstanceOf(ManagerException.class);
    }

    @Test
    void permitsAreCountedByNumber() {
        holds.beforeCall(SLOTS, "acquire", new Object[] {3}, 1);
        holds.afterCall(SLOTS, "acquire", new Object[] {3}, null, 1);
        holds.beforeCall(SLOTS, "release", new Object[] {1}, 1);
        holds.afterCall(SLOTS, "release", new Object[] {1}, null, 1);
        assertThatThrownBy(() -> holds.beforeCall(SLOTS, "release", new Object[] {2}, 2)).isInstanceOf(ManagerException.class)
                .hasMessageContaining("permits of semaphore 'slots'");
        assertThatCode(() -> holds.beforeCall(SLOTS, "release", new Object[] {1}, 2)).doesNotThrowAnyException();
    }
}
