package io.managedobjects.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedobjects.SharedAtomicLong;
import io.managedobjects.SharedMap;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Linearizability of {@code SharedAtomicLong} and {@code SharedMap} under concurrent clients (each thread
 * has its own connection), checked by recording real-time histories and searching for a legal sequential
 * order with the Wing–Gong algorithm (with memoisation, as in Lowe's version), one register per key.
 */
public abstract class LinearizabilityContract extends BackendContract {




    /** One completed operation: what was called, what it returned, and when (nanoTime of this JVM). */
    record Op(int thread, String kind, long argument, long argument2, @Nullable Object result, long invoked, long returned) {
    }

    /** The sequential specification of one register: applies an op to a state, or says the result is impossible. */
    interface Spec {
        /** @return the new state, or {@code null} if the op's recorded result is not what it would return here */
        @Nullable Long apply(long state, Op op);
    }

    /** A long counter: incrementAndGet, get, compareAndSet. */
    static final Spec COUNTER = (state, op) -> switch (op.kind()) {
        case "increment" -> Objects.equals(op.result(), state + 1) ? state + 1 : null;
        case "get" -> Objects.equals(op.result(), state) ? state : null;
        case "cas" -> {
            boolean success = state == op.argument();
            yield Objects.equals(op.result(), success) ? (success ? op.argument2() : state) : null;
        }
        default -> throw new IllegalArgumentException(op.kind());
    };

    /** A map entry as a register (absent = -1): put returns the previous value, get the current one. */
    static final Spec REGISTER = (state, op) -> switch (op.kind()) {
        case "put" -> Objects.equals(op.result(), state < 0 ? null : (int) state) ? op.argument() : null;
        case "get" -> Objects.equals(op.result(), state < 0 ? null : (int) state) ? state : null;
        default -> throw new IllegalArgumentException(op.kind());
    };

    /** Wing & Gong's search: is there a total order, respecting real time, in which every result is legal? */
    static boolean linearizable(List<Op> history, long initial, Spec spec) {
        List<Op> ops = new ArrayList<>(history);
        ops.sort((a, b) -> Long.compare(a.invoked(), b.invoked()));
        return search(ops, new BitSet(ops.size()), initial, spec, new HashSet<>());
    }

    private static boolean search(List<Op> ops, BitSet done, long state, Spec spec, Set<String> seen) {
        if (done.cardinality() == ops.size()) {
            return true;
        }
        if (!seen.add(done + "/" + state)) {
            return false;
        }
        long earliestReturn = Long.MAX_VALUE;
        for (int i = done.nextClearBit(0); i < ops.size(); i = done.nextClearBit(i + 1)) {
            earliestReturn = Math.min(earliestReturn, ops.get(i).returned());
        }
        for (int i = done.nextClearBit(0); i < ops.size(); i = done.nextClearBit(i + 1)) {
            Op op = ops.get(i);
            if (op.invoked() > earliestReturn) {
                break; // it started after some pending op finished: that one must come first
            }
            Long next = spec.apply(state, op);
            if (next != null) {
                done.set(i);
                if (search(ops, done, next, spec, seen)) {
                    return true;
                }
                done.clear(i);
            }
        }
        return false;
    }

    @RepeatedTest(3)
    void atomicLongHistoriesOfFourConcurrentClientsAreLinearizable() throws Exception {
        SharedAtomicLong counter = manager.atomicLong(0);
        List<Op> history = record(4, 40, (thread, random) -> {
            int choice = random.nextInt(3);
            long invoked = System.nanoTime();
            if (choice == 0) {
                long result = counter.incrementAndGet();
                return new Op(thread, "increment", 0, 0, result, invoked, System.nanoTime());
            }
            if (choice == 1) {
                long result = counter.get();
                return new Op(thread, "get", 0, 0, result, invoked, System.nanoTime());
            }
            long expect = random.nextInt(10);
            long update = 100 + random.nextInt(10);
            boolean result = counter.compareAndSet(expect, update);
            return new Op(thread, "cas", expect, update, result, invoked, System.nanoTime());
        });
        assertThat(linearizable(history, 0, COUNTER)).as("history %s", history).isTrue();
    }

    @RepeatedTest(3)
    void mapHistoriesOfFourConcurrentClientsAreLinearizablePerKey() throws Exception {
        SharedMap<String, Integer> map = manager.map();
        int[] nextValue = {0};
        List<Op> history = record(4, 50, (thread, random) -> {
            int key = random.nextInt(3);
            long invoked = System.nanoTime();
            if (random.nextBoolean()) {
                int value;
                synchronized (nextValue) {
                    value = ++nextValue[0];
                }
                Integer previous = map.put("k" + key, value);
                return new Op(thread, "put", value, key, previous, invoked, System.nanoTime());
            }
            Integer current = map.get("k" + key);
            return new Op(thread, "get", 0, key, current, invoked, System.nanoTime());
        });
        for (int key = 0; key < 3; key++) {
            int k = key;
            List<Op> perKey = history.stream().filter(op -> op.argument2() == k).toList();
            assertThat(linearizable(perKey, -1, REGISTER)).as("history of k%d: %s", k, perKey).isTrue();
        }
    }

    @RepeatedTest(1)
    void theCheckerRejectsAHistoryThatIsNotLinearizable() {
        List<Op> impossible = List.of(
                new Op(0, "increment", 0, 0, 1L, 0, 10),
                new Op(1, "get", 0, 0, 0L, 20, 30));
        assertThat(linearizable(impossible, 0, COUNTER)).isFalse();
        List<Op> stale = List.of(
                new Op(0, "put", 5, 0, null, 0, 10),
                new Op(1, "get", 0, 0, null, 20, 30));
        assertThat(linearizable(stale, -1, REGISTER)).isFalse();
    }

    @FunctionalInterface
    interface Step {
        Op run(int thread, Random random) throws Exception;
    }

    private static List<Op> record(int threads, int opsPerThread, Step step) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CyclicBarrier start = new CyclicBarrier(threads);
        try {
            List<Future<List<Op>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    Random random = new Random(thread * 31L + System.nanoTime());
                    List<Op> ops = new ArrayList<>();
                    start.await(30, TimeUnit.SECONDS);
                    for (int i = 0; i < opsPerThread; i++) {
                        ops.add(step.run(thread, random));
                    }
                    return ops;
                }));
            }
            List<Op> history = Collections.synchronizedList(new ArrayList<>());
            for (Future<List<Op>> future : futures) {
                history.addAll(future.get(60, TimeUnit.SECONDS));
            }
            return history;
        } finally {
            pool.shutdownNow();
        }
    }
}
