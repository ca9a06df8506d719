package io.managedobjects;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Unlike Python's {@code Value}, where {@code v.value += 1} loses updates, increments are atomic. */
class AtomicLongAcrossProcessesTest {

    /** Increments the counter it is given 10,000 times. */
    public static class Increment implements ProcessTask {
        @Override
        public void run(Object... args) {
            SharedAtomicLong counter = (SharedAtomicLong) args[0];
            for (int i = 0; i < 10_000; i++) {
                counter.incrementAndGet();
            }
        }
    }

    @Test
    void eightProcessesIncrementingTenThousandTimesEachEndAtExactlyEightyThousand() throws InterruptedException {
        try (Manager manager = Manager.start()) {
            SharedAtomicLong counter = manager.atomicLong(0);
            List<ManagedProcess> processes = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    processes.add(manager.process(Increment.class, counter).start());
                }
                for (ManagedProcess process : processes) {
                    assertThat(process.join()).isZero();
                }
            } finally {
                processes.forEach(ManagedProcess::kill);
            }
            assertThat(counter.get()).isEqualTo(80_000);
        }
    }
}
