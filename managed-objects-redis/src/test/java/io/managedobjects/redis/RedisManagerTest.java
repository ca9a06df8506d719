package io.managedobjects.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.managedobjects.Manager;
import io.managedobjects.ManagerInfo;
import io.managedobjects.ObjectInfo;
import io.managedobjects.SharedAtomicLong;
import io.managedobjects.SharedMap;
import io.managedobjects.SharedValue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A manager on a real redis-server: addresses, the types it hosts, names, info, and clear errors for the rest. */
@ExtendWith(RedisServer.class)
class RedisManagerTest {

    static Manager manager;

    @BeforeAll
    static void connect() {
        manager = Manager.builder().address(RedisServer.address()).connect();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @Test
    void aMapKeepsInsertionOrderAndIsAConcurrentMap() {
        SharedMap<String, Integer> scores = manager.map();
        scores.put("b", 1);
        scores.put("a", 2);
        scores.put("b", 3);
        assertThat(scores).containsExactly(Map.entry("b", 3), Map.entry("a", 2));
        assertThat(scores.putIfAbsent("a", 9)).isEqualTo(2);
        assertThat(scores.merge("a", 5, Integer::sum)).isEqualTo(7);
        assertThat(scores.compute("c", (k, v) -> v == null ? 1 : v + 1)).isEqualTo(1);
        assertThat(scores.replace("c", 1, 10)).isTrue();
        assertThat(scores.replace("c", 1, 11)).isFalse();
        assertThat(scores.remove("c", 10)).isTrue();
        assertThat(scores.toString()).isEqualTo("{b=3, a=7}");
        assertThatThrownBy(() -> scores.put(null, 1)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> scores.put("x", null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void conditionalOperationsCompareValuesByEqualsNotByTheirBytes() {
        SharedMap<String, List<Integer>> map = manager.map();
        map.put("k", List.of(1, 2));
        // a LinkedList equals the stored list, though it encodes otherwise (the codec keeps the collection's class)
        assertThat(map.replace("k", new java.util.LinkedList<>(List.of(1, 2)), List.of(3))).isTrue();
        assertThat(map.remove("k", new java.util.ArrayList<>(List.of(3)))).isTrue();
        assertThat(map.remove("k", new java.util.LinkedList<>(List.of(3)))).isFalse();
        map.put("k", List.of(3));
        assertThat(map.remove("k", new java.util.LinkedList<>(List.of(3)))).isTrue();
        SharedValue<List<Integer>> list = manager.value(List.of(1));
        assertThat(list.compareAndSet(new java.util.LinkedList<>(List.of(1)), List.of(2))).isTrue();
        SharedValue<int[]> array = manager.value(new int[] {1, 2});
        assertThat(array.compareAndSet(new int[] {1, 2}, new int[] {3})).isTrue();
        assertThat(array.get()).containsExactly(3);
    }

    @Test
    void valuesAndAtomicLongsAreAtomic() {
        SharedValue<String> value = manager.value("a");
        assertThat(value.getAndSet("b")).isEqualTo("a");
        assertThat(value.compareAndSet("b", "c")).isTrue();
        assertThat(value.compareAndSet("b", "d")).isFalse();
        assertThat(value.updateAndGet(s -> s + "!")).isEqualTo("c!");
        assertThat(manager.value(null).get()).isNull();
        SharedAtomicLong counter = manager.atomicLong(5);
        assertThat(counter.incrementAndGet()).isEqualTo(6);
        assertThat(counter.getAndAdd(10)).isEqualTo(6);
        assertThat(counter.compareAndSet(16, 1)).isTrue();
        assertThat(counter.get()).isEqualTo(1);
        assertThat(counter.toString()).isEqualTo("1");
    }

    @Test
    void aNamespaceHoldsAttributesInTheOrderFirstSetNullsIncluded() {
        io.managedobjects.SharedNamespace ns = manager.namespace();
        ns.set("b", 1);
        ns.set("a", null);
        ns.set("b", 2);
        assertThat(ns.has("a")).isTrue();
        assertThat(ns.get("a")).isNull();
        assertThat(ns.attributes().keySet()).containsExactly("b", "a");
        assertThat(ns.attributes()).containsEntry("b", 2).containsEntry("a", null);
        assertThat(ns.toString()).isEqualTo("Namespace(b=2, a=null)");
        ns.remove("b");
        assertThat(ns.has("b")).isFalse();
        assertThat(manager.namespace("config")).isNotNull();
    }

    @Test
    void anAtomicLongIsExactOverTheWholeRangeAndWrapsAroundAsJavaDoes() {
        SharedAtomicLong big = manager.atomicLong((1L << 53) + 1);
        assertThat(big.compareAndSet(1L << 53, 0)).isFalse();
        assertThat(big.incrementAndGet()).isEqualTo((1L << 53) + 2);
        big.set(Long.MAX_VALUE);
        assertThat(big.get()).isEqualTo(Long.MAX_VALUE);
        assertThat(big.incrementAndGet()).isEqualTo(Long.MIN_VALUE);
        assertThat(big.getAndAdd(-1)).isEqualTo(Long.MIN_VALUE);
        assertThat(big.get()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void threadsThatCompareAndSetNeverLoseAnUpdate() throws Exception {
        SharedValue<Integer> value = manager.value(0);
        SharedMap<String, Integer> map = manager.map();
        map.put("n", 0);
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 100; i++) {
                        value.updateAndGet(v -> v + 1);
                        map.merge("n", 1, Integer::sum);
                    }
                }));
            }
            for (java.util.concurrent.Future<?> future : done) {
                future.get(120, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(value.get()).isEqualTo(400);
        assertThat(map.get("n")).isEqualTo(400);
    }

    @Test
    void aListAndASetKeepOrderAndAllowNull() {
        io.managedobjects.SharedList<String> list = manager.list(List.of("a", "b"));
        list.add(1, null);
        list.add("c");
        assertThat(list).containsExactly("a", null, "b", "c");
        assertThat(list.remove(1)).isNull();
        assertThat(list.indexOf("c")).isEqualTo(2);
        list.sort(null);
        assertThat(list).containsExactly("a", "b", "c");
        list.subList(0, 2).clear();
        assertThat(list).containsExactly("c");
        assertThatThrownBy(() -> list.get(5)).isInstanceOf(IndexOutOfBoundsException.class);
        io.managedobjects.SharedSet<String> set = manager.set(List.of("b", "a"));
        assertThat(set.add("a")).isFalse();
        assertThat(set.add(null)).isTrue();
        assertThat(set).containsExactly("b", "a", null);
        assertThat(set.removeIf(s -> s == null)).isTrue();
        assertThat(set.toString()).isEqualTo("[b, a]");
    }

    @Test
    void aStoredReferenceToADestroyedObjectGivesAProxyThatFailsClearly() {
        SharedMap<String, Object> holder = manager.map();
        SharedMap<String, Integer> inner = manager.map();
        holder.put("inner", inner);
        manager.destroy(inner);
        SharedMap<?, ?> read = (SharedMap<?, ?>) holder.get("inner");
        assertThatThrownBy(read::size).isInstanceOf(IllegalStateException.class).hasMessageContaining("no longer exists");
        assertThat(manager.info().objects()).noneMatch(o -> o.id().equals(inner.sharedId()));
    }

    @Test
    void aReferenceOfAnotherTypeIsRefusedWithoutHoldingTheObject() {
        SharedMap<String, Integer> map = manager.map();
        long before = manager.info().objects().stream().filter(o -> o.id().equals(map.sharedId())).findFirst().orElseThrow().refCount();
        assertThatThrownBy(() -> manager.proxy(new io.managedobjects.SharedRef("list", map.sharedId(), null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is a map");
        assertThat(manager.info().objects().stream().filter(o -> o.id().equals(map.sharedId())).findFirst().orElseThrow().refCount())
                .isEqualTo(before);
    }

    @Test
    void namedObjectsAreGetOrCreateAcrossManagers() {
        try (Manager other = Manager.builder().address(RedisServer.address()).connect()) {
            manager.<String, Integer>map("inventory").put("apples", 3);
            assertThat(other.<String, Integer>map("inventory")).containsEntry("apples", 3);
            assertThat(manager.value("greeting", "hi").get()).isEqualTo("hi");
            assertThat(other.value("greeting", "ignored").get()).isEqualTo("hi");
            assertThatThrownBy(() -> other.atomicLong("inventory"))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("map");
        }
    }

    @Test
    void aProxyInAStoredValueIsUsableWhereverItIsRead() {
        SharedMap<String, Object> outer = manager.map();
        SharedMap<String, Integer> inner = manager.map();
        inner.put("x", 1);
        outer.put("inner", inner);
        try (Manager other = Manager.builder().address(RedisServer.address()).connect()) {
            SharedMap<String, Object> seen = other.proxy(outer.sharedRef());
            @SuppressWarnings("unchecked")
            SharedMap<String, Integer> nested = (SharedMap<String, Integer>) seen.get("inner");
            nested.put("y", 2);
        }
        assertThat(inner).containsExactly(Map.entry("x", 1), Map.entry("y", 2));
    }

    @Test
    void aDestroyedObjectFailsClearly() {
        SharedMap<String, Integer> map = manager.map();
        manager.destroy(map);
        assertThatThrownBy(map::size).isInstanceOf(IllegalStateException.class).hasMessageContaining("no longer exists");
    }

    @Test
    void infoListsObjectsAndLiveSessions() {
        SharedMap<String, Integer> map = manager.map("listed");
        map.put("a", 1);
        ManagerInfo info = manager.info();
        ObjectInfo listed = info.objects().stream().filter(o -> "listed".equals(o.name())).findFirst().orElseThrow();
        assertThat(listed.type()).isEqualTo("map");
        assertThat(listed.size()).isEqualTo(1);
        assertThat(listed.refCount()).isPositive();
        assertThat(info.connections()).anyMatch(c -> c.pid() == ProcessHandle.current().pid());
        assertThat(info.server().version()).startsWith("redis ");
        assertThat(manager.stats().objectsByType()).containsKey("map");
    }

    @Test
    void whatTheBackendDoesNotOfferFailsWithAnErrorSayingSo() {
        assertThatThrownBy(() -> manager.pool(2)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("Pools are not offered on Redis");
        assertThatThrownBy(manager::pipeline).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> manager.create(java.util.ArrayList.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not registered in this process");
    }

    @Test
    void anAuthKeyOrStartIsRefusedForARedisAddress() {
        assertThatThrownBy(() -> Manager.builder().address(RedisServer.address()).authKey(new byte[32]).connect())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("redis://[user]:password@host");
        assertThatThrownBy(() -> Manager.builder().address(RedisServer.address()).start())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("connect()");
        assertThatThrownBy(() -> Manager.builder().address("redis://:secret@"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Malformed Redis address")
                .hasMessageNotContaining("secret");
    }

    @Test
    void aPrefixKeepsTwoApplicationsApart() {
        try (Manager one = Manager.builder().address(RedisServer.address() + "?prefix=one:").connect();
                Manager two = Manager.builder().address(RedisServer.address() + "?prefix=two:").connect()) {
            one.<String, Integer>map("shared").put("a", 1);
            assertThat(two.<String, Integer>map("shared")).isEmpty();
        }
    }
}
