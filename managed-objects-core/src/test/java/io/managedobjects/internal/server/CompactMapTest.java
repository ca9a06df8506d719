package io.managedobjects.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hosted map's storage behaves exactly as a {@code LinkedHashMap}, whatever the mix of operations and kinds. */
class CompactMapTest {

    @Test
    void randomOperationsOnMixedKindsMatchALinkedHashMapStepByStep() {
        for (long seed = 0; seed < 40; seed++) {
            Random random = new Random(seed);
            Map<Object, Object> expected = new LinkedHashMap<>();
            CompactMap actual = new CompactMap();
            // mostly ints (unboxed columns), sometimes another kind that widens a column, in every order
            int widenAfter = random.nextInt(3000);
            for (int step = 0; step < 4000; step++) {
                Object key = element(random, step > widenAfter, 300);
                Object value = element(random, step > widenAfter && random.nextInt(4) == 0, 1000);
                switch (random.nextInt(10)) {
                    case 0, 1, 2 -> assertThat(actual.put(key, value)).isEqualTo(expected.put(key, value));
                    case 3 -> assertThat(actual.remove(key)).isEqualTo(expected.remove(key));
                    case 4 -> assertThat(actual.remove(key, value)).isEqualTo(expected.remove(key, value));
                    case 5 -> assertThat(actual.putIfAbsent(key, value)).isEqualTo(expected.putIfAbsent(key, value));
                    case 6 -> assertThat(actual.replace(key, expected.get(key), value))
                            .isEqualTo(expected.replace(key, expected.get(key), value));
                    case 7 -> removeEveryOther(actual, expected, random.nextInt(5) == 0);
                    case 8 -> {
                        List<Object> keys = new ArrayList<>();
                        for (int i = random.nextInt(40); i > 0; i--) {
                            keys.add(element(random, step > widenAfter, 300));
                        }
                        if (random.nextBoolean()) {
                            assertThat(actual.keySet().removeAll(keys)).isEqualTo(expected.keySet().removeAll(keys));
                        } else {
                            assertThat(actual.keySet().retainAll(keys)).isEqualTo(expected.keySet().retainAll(keys));
                        }
                    }
                    default -> {
                        Map<Object, Object> batch = new LinkedHashMap<>();
                        for (int i = random.nextInt(50); i > 0; i--) {
                            batch.put(element(random, false, 600), element(random, false, 100));
                        }
                        actual.putAll(batch);
                        expected.putAll(batch);
                    }
                }
                assertThat(actual.size()).isEqualTo(expected.size());
                assertThat(actual.get(key)).isEqualTo(expected.get(key));
                assertThat(actual.containsKey(key)).isEqualTo(expected.containsKey(key));
                if (step % 97 == 0) {
                    assertThat(new ArrayList<>(actual.entrySet())).as("seed %d step %d", seed, step)
                            .containsExactlyElementsOf(expected.entrySet());
                    assertThat(actual).isEqualTo(expected);
                    assertThat(actual.hashCode()).isEqualTo(expected.hashCode());
                }
            }
            assertThat(new ArrayList<>(actual.entrySet())).containsExactlyElementsOf(expected.entrySet());
        }
    }

    @Test
    void aMillionIntegerEntriesKeepTheirOrderAndAreFoundAgain() {
        CompactMap map = new CompactMap();
        for (int i = 0; i < 1_000_000; i++) {
            map.put(i * 1024, -i); // keys alike in their low bits still spread over the table
        }
        for (int i = 0; i < 1_000_000; i += 2) {
            assertThat(map.remove(i * 1024)).isEqualTo(-i);
        }
        assertThat(map).hasSize(500_000);
        int expected = 1;
        for (Map.Entry<Object, Object> entry : map.entrySet()) {
            assertThat(entry.getKey()).isEqualTo(expected * 1024);
            assertThat(entry.getValue()).isEqualTo(-expected);
            expected += 2;
        }
        assertThat(map.get(1024)).isEqualTo(-1);
        assertThat(map.get(1024L)).as("a Long is not an Integer key").isNull();
    }

    @Test
    void anEntrysSetValueWritesThroughAndMayWidenTheColumn() {
        CompactMap map = new CompactMap();
        map.put(1, 10);
        map.put(2, 20);
        for (Map.Entry<Object, Object> entry : map.entrySet()) {
            entry.setValue(entry.getKey().equals(1) ? "one" : 21);
        }
        assertThat(map).containsExactly(Map.entry(1, "one"), Map.entry(2, 21));
    }

    private static void removeEveryOther(CompactMap actual, Map<Object, Object> expected, boolean all) {
        List<Object> removed = new ArrayList<>();
        int index = 0;
        for (Iterator<Map.Entry<Object, Object>> it = actual.entrySet().iterator(); it.hasNext(); index++) {
            Map.Entry<Object, Object> entry = it.next();
            if (all || index % 2 == 0) {
                it.remove();
                removed.add(entry.getKey());
            }
        }
        expected.keySet().removeAll(removed);
    }

    private static Object element(Random random, boolean anyKind, int range) {
        int n = random.nextInt(range) - range / 3;
        if (!anyKind) {
            return n;
        }
        return switch (random.nextInt(5)) {
            case 0 -> (long) n;
            case 1 -> "k" + n;
            case 2 -> random.nextInt(10) == 0 ? "null" : n;
            default -> n;
        };
    }
}
