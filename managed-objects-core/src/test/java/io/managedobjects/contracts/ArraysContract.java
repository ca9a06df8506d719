package io.managedobjects.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.managedobjects.ManagedProcess;
import io.managedobjects.ObjectInfo;
import io.managedobjects.ProcessTask;
import io.managedobjects.SharedDoubleArray;
import io.managedobjects.SharedList;
import io.managedobjects.SharedLongArray;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Python's {@code Array}: fixed-length numeric arrays whose every element operation is atomic, on any backend. */
public abstract class ArraysContract extends BackendContract {




    /** Increments each element of the array it is given, in turn, 10,000 times in all. */
    public static class IncrementAll implements ProcessTask {
        @Override
        public void run(Object... args) {
            SharedLongArray counts = (SharedLongArray) args[0];
            for (int i = 0; i < 10_000; i++) {
                counts.incrementAndGet(i % counts.length());
            }
        }
    }

    /** Adds 0.5 to the double array kept in the list it is given, once per element. */
    public static class AddHalves implements ProcessTask {
        @Override
        public void run(Object... args) {
            @SuppressWarnings("unchecked")
            SharedList<Object> holder = (SharedList<Object>) args[0];
            SharedDoubleArray values = (SharedDoubleArray) holder.get(0);
            for (int i = 0; i < values.length(); i++) {
                values.addAndGet(i, 0.5);
            }
        }
    }

    @Test
    void eightProcessesIncrementingTenThousandTimesEachLoseNoUpdate() throws InterruptedException {
        assumeProcesses();
        SharedLongArray counts = manager.array(4);
        List<ManagedProcess> processes = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                processes.add(manager.process(IncrementAll.class, counts).start());
            }
            for (ManagedProcess process : processes) {
                assertThat(process.join()).isZero();
            }
        } finally {
            processes.forEach(ManagedProcess::kill);
        }
        assertThat(counts.toArray()).containsExactly(20_000, 20_000, 20_000, 20_000);
    }

    @Test
    void everyElementOperationWorksAsOnAnAtomicLongArray() {
        SharedLongArray array = manager.array(1, 2, 3);
        assertThat(array.length()).isEqualTo(3);
        assertThat(array.get(0)).isEqualTo(1);
        array.set(0, 10);
        assertThat(array.getAndSet(0, 11)).isEqualTo(10);
        assertThat(array.compareAndSet(0, 11, 12)).isTrue();
        assertThat(array.compareAndSet(0, 11, 13)).isFalse();
        assertThat(array.getAndAdd(1, 5)).isEqualTo(2);
        assertThat(array.addAndGet(1, 5)).isEqualTo(12);
        assertThat(array.incrementAndGet(2)).isEqualTo(4);
        assertThat(array.decrementAndGet(2)).isEqualTo(3);
        assertThat(array.toArray()).containsExactly(12, 12, 3);
        array.setAll(1, 7, 8);
        assertThat(array.toArray()).containsExactly(12, 7, 8);
        assertThat(array).hasToString("[12, 7, 8]");
        assertThat(manager.array(5).toArray()).containsExactly(0, 0, 0, 0, 0);
    }

    @Test
    void anIndexOutsideTheArrayNamesTheIndexAndTheLengthAndChangesNothing() {
        SharedLongArray array = manager.array(1, 2, 3);
        assertThatThrownBy(() -> array.get(3)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("3").hasMessageContaining("length 3");
        assertThatThrownBy(() -> array.incrementAndGet(-1)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> array.setAll(2, 9, 9)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("length 3");
        assertThat(array.toArray()).containsExactly(1, 2, 3);
        assertThatThrownBy(() -> manager.array(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    }

    @Test
    void aNamedArrayIsGetOrCreateAndAskingWithAnotherLengthNamesBoth() {
        SharedLongArray counts = manager.array("counts", 8);
        counts.set(7, 42);
        SharedLongArray again = manager.array("counts", 8);
        assertThat(again.sharedId()).isEqualTo(counts.sharedId());
        assertThat(again.get(7)).isEqualTo(42);
        assertThatThrownBy(() -> manager.array("counts", 4)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("length 8").hasMessageContaining("not 4");
        assertThat(manager.doubleArray("weights", 2).length()).isEqualTo(2);
        assertThatThrownBy(() -> manager.doubleArray("weights", 3)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("length 2").hasMessageContaining("not 3");
    }

    @Test
    void doubleArraysCompareBitsAndAddAsDoubles() {
        SharedDoubleArray values = manager.doubleArray(1.5, Double.NaN, 0.0);
        assertThat(values.addAndGet(0, 0.25)).isEqualTo(1.75);
        assertThat(values.getAndAdd(0, 1)).isEqualTo(1.75);
        assertThat(values.get(0)).isEqualTo(2.75);
        assertThat(values.compareAndSet(1, Double.NaN, 1.0)).as("NaN is NaN").isTrue();
        assertThat(values.compareAndSet(2, -0.0, 1.0)).as("-0.0 is not 0.0").isFalse();
        assertThat(values.getAndSet(2, 3.0)).isEqualTo(0.0);
        values.setAll(0, 9.5);
        assertThat(values.toArray()).containsExactly(9.5, 1.0, 3.0);
        assertThat(manager.doubleArray(2).toArray()).containsExactly(0.0, 0.0);
    }

    @Test
    void anArrayStoredInAListReachesAChildAndShowsItsLengthInInfo() throws InterruptedException {
        assumeProcesses();
        SharedDoubleArray values = manager.doubleArray(3);
        SharedList<Object> holder = manager.list();
        holder.add(values);
        ManagedProcess child = manager.process(AddHalves.class, holder).start();
        try {
            assertThat(child.join()).isZero();
        } finally {
            child.kill();
        }
        assertThat(values.toArray()).containsExactly(0.5, 0.5, 0.5);
        ObjectInfo info = manager.info().objects().stream().filter(o -> o.id().equals(values.sharedId())).findFirst().orElseThrow();
        assertThat(info.type()).isEqualTo("doubleArray");
        assertThat(info.size()).isEqualTo(3);
        assertThat(info.state()).containsEntry("length", 3);
    }
}
