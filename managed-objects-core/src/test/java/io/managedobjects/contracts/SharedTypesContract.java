package io.managedobjects.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.managedobjects.SharedAtomicLong;
import io.managedobjects.SharedMap;
import io.managedobjects.SharedNamespace;
import io.managedobjects.SharedSet;
import io.managedobjects.SharedValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** SharedMap's bulk put, SharedSet, SharedValue, SharedAtomicLong and SharedNamespace in one process, on any backend. */
public abstract class SharedTypesContract extends BackendContract {




    @Test
    void setKeepsInsertionOrderAllowsNullAndIteratesASnapshot() {
        SharedSet<String> set = manager.set(List.of("b", "a"));
        assertThat(set.add("c")).isTrue();
        assertThat(set.add("a")).isFalse();
        assertThat(set.add(null)).isTrue();
        assertThat(set).containsExactly("b", "a", "c", null);
        assertThat(set.removeIf(s -> s == null || s.equals("a"))).isTrue();
        assertThat(set).isEqualTo(Set.of("b", "c"));
        assertThat(set.toString()).isEqualTo("[b, c]");
        SharedSet<String> named = manager.set("tags");
        named.add("x");
        assertThat(manager.<String>set("tags")).containsExactly("x");
    }

    @Test
    void valueIsAnAtomicReferenceComparingByEquals() {
        SharedValue<List<Integer>> value = manager.value(List.of(1));
        assertThat(value.get()).isEqualTo(List.of(1));
        assertThat(value.compareAndSet(new ArrayList<>(List.of(1)), List.of(2))).isTrue();
        assertThat(value.compareAndSet(List.of(1), List.of(3))).isFalse();
        assertThat(value.getAndSet(List.of(4))).isEqualTo(List.of(2));
        assertThat(value.updateAndGet(l -> List.of(l.get(0) + 1))).isEqualTo(List.of(5));
        SharedValue<String> empty = manager.value(null);
        assertThat(empty.get()).isNull();
        SharedValue<String[]> array = manager.value(new String[] {"a", "b"});
        assertThat(array.get()).containsExactly("a", "b");
        assertThat(manager.value("greeting", "hi").get()).isEqualTo("hi");
        assertThat(manager.value("greeting", "ignored").get()).isEqualTo("hi");
    }

    @Test
    void atomicLongMirrorsAtomicLong() {
        SharedAtomicLong counter = manager.atomicLong(5);
        assertThat(counter.incrementAndGet()).isEqualTo(6);
        assertThat(counter.getAndIncrement()).isEqualTo(6);
        assertThat(counter.decrementAndGet()).isEqualTo(6);
        assertThat(counter.getAndDecrement()).isEqualTo(6);
        assertThat(counter.addAndGet(10)).isEqualTo(15);
        assertThat(counter.getAndAdd(-5)).isEqualTo(15);
        assertThat(counter.compareAndSet(10, 20)).isTrue();
        assertThat(counter.compareAndSet(10, 30)).isFalse();
        assertThat(counter.getAndSet(1)).isEqualTo(20);
        assertThat(counter.accumulateAndGet(5, Math::max)).isEqualTo(5);
        assertThat(counter.get()).isEqualTo(5);
        assertThat(counter.toString()).isEqualTo("5");
        assertThat(manager.atomicLong("hits").get()).isZero();
        assertThat(manager.atomicLong("hits")).isEqualTo(manager.atomicLong("hits"));
    }

    @Test
    void namespaceHoldsAttributesAndReadsLikePython() {
        SharedNamespace ns = manager.namespace();
        ns.set("name", "Bob");
        assertThat(ns.toString()).isEqualTo("Namespace(name=Bob)");
        ns.set("age", 7);
        ns.set("nothing", null);
        assertThat(ns.has("nothing")).isTrue();
        assertThat(ns.get("missing")).isNull();
        assertThat(ns.has("missing")).isFalse();
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("name", "Bob");
        expected.put("age", 7);
        expected.put("nothing", null);
        assertThat(ns.attributes()).isEqualTo(expected);
        ns.remove("nothing");
        assertThat(ns.toString()).isEqualTo("Namespace(name=Bob, age=7)");
    }

    @Test
    void plainListInANamespaceIsACopyUntilAssignedBack() {
        SharedNamespace ns = manager.namespace();
        ns.set("items", new ArrayList<>(List.of(1)));
        @SuppressWarnings("unchecked")
        List<Integer> copy = (List<Integer>) ns.get("items");
        copy.add(2);
        assertThat(ns.get("items")).isEqualTo(List.of(1));
        ns.set("items", copy);
        assertThat(ns.get("items")).isEqualTo(List.of(1, 2));
    }

    @Test
    void aMapsPutAllTakesTheEntriesOfAPlainMapOrAnotherSharedMapInTheirOrder() {
        SharedMap<String, Integer> source = manager.map();
        source.put("b", 2);
        source.put("a", 1);
        SharedMap<String, Integer> target = manager.map();
        target.put("z", 0);
        target.putAll(source);
        assertThat(target).containsExactly(Map.entry("z", 0), Map.entry("b", 2), Map.entry("a", 1));
        assertThat(source).as("the source is read, not moved").containsExactly(Map.entry("b", 2), Map.entry("a", 1));
        Map<Integer, Long> bulk = new LinkedHashMap<>();
        for (int i = 9_999; i >= 0; i--) {
            bulk.put(i, (long) -i);
        }
        SharedMap<Integer, Long> empty = manager.map();
        empty.putAll(bulk);
        assertThat(new ArrayList<>(empty.entrySet())).containsExactlyElementsOf(bulk.entrySet());
        empty.putAll(Map.of(5, 5L, 20_000, 1L));
        assertThat(empty).hasSize(10_001).containsEntry(5, 5L).containsEntry(20_000, 1L);
        Map<String, Integer> withNull = new HashMap<>();
        withNull.put("c", 3);
        withNull.put("d", null);
        assertThatThrownBy(() -> target.putAll(withNull)).isInstanceOf(NullPointerException.class);
        assertThat(target).as("nothing of a refused putAll is stored").hasSize(3).doesNotContainKey("c");
    }

    @Test
    void aNameHoldsOneTypeOnly() {
        manager.atomicLong("only-a-counter");
        assertThatThrownBy(() -> manager.set("only-a-counter")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already holds a shared atomicLong");
    }
}
