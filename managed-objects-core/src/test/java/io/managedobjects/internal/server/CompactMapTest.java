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
    void keysWhoseHashCodesDifferOnlyInTheirHighBitsAreFoundAndRemoved() {
        List<Object> keys = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            keys.add((double) i);              // integral doubles: the low half of their bits is zero
            keys.add((long) i << 32);          // longs alike in their low word
            keys.add(i << 20);                 // ints alike in their low twenty bits
        }
        CompactMap map = new CompactMap();
        Map<Object, Object> expected = new LinkedHashMap<>();
        for (Object key : keys) {
            map.put(key, key.toString());
            expected.put(key, key.toString());
        }
        for (int i = 0; i < keys.size(); i += 3) {
            assertThat(map.remove(keys.get(i))).isEqualTo(expected.remove(keys.get(i)));
        }
        assertThat(map).hasSameSizeAs(expected);
        for (Object key : keys) {
            assertThat(map.get(key)).isEqualTo(expected.get(key));
        }
        assertThat(new ArrayList<>(map.entrySet())).containsExactlyElementsOf(expected.entrySet());
    }

    @Test
    void putAllOfACompactMapIntoAnEmptyOneCopiesItAndSharesNothing() {
        CompactMap source = new CompactMap();
        for (int i = 0; i < 1000; i++) {
            source.put(i, i);
        }
        for (int i = 0; i < 1000; i += 3) {
            source.remove(i);                  // holes the copy keeps skipping
        }
        Map<Object, Object> expected = new LinkedHashMap<>(source);
        CompactMap copy = new CompactMap();
        copy.putAll(source);
        assertThat(new ArrayList<>(copy.entrySet())).containsExactlyElementsOf(expected.entrySet());
        source.put(1, "changed");
        source.put(5000, 5000);
        source.remove(2);
        copy.put(1, -1L);                      // widens the copy's value column only
        copy.put(3, 3);
        assertThat(copy.get(1)).isEqualTo(-1L);
        assertThat(copy.get(2)).isEqualTo(2);
        assertThat(copy.containsKey(5000)).isFalse();
        assertThat(source.get(1)).isEqualTo("changed");
        assertThat(source.get(3)).isNull();
        assertThat(copy).hasSize(expected.size() + 1);
    }

    @Test
    void holdsNullSeesANullKeyOrValueButNotARemovedEntry() {
        CompactMap map = new CompactMap();
        map.put(1, 1);
        assertThat(map.holdsNull()).isFalse();
        map.put("a", null);
        assertThat(map.holdsNull()).isTrue();
        map.remove("a");
        assertThat(map.holdsNull()).as("a removed entry's hole is no null value").isFalse();
        map.put(null, 2);
        assertThat(map.holdsNull()).isTrue();
        map.clear();
        assertThat(map.holdsNull()).isFalse();
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
