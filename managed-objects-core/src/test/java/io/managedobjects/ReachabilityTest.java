package io.managedobjects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.managedobjects.custom.Inventory;
import io.managedobjects.custom.InventoryImpl;
import io.managedobjects.custom.Keeper;
import io.managedobjects.fixtures.MapHolder;
import io.managedobjects.fixtures.Basket;
import io.managedobjects.fixtures.Holder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A shared object referenced from anywhere inside a stored value stays alive while that value is stored,
 * and is freed once nothing holds it: lists, maps, records, plain classes, Optional, arrays, a value, a
 * namespace attribute, a queued item, and a hosted user object's fields.
 */
class ReachabilityTest {

    static final byte[] KEY = "reachability-test-key-0123456789".getBytes(StandardCharsets.UTF_8);

    ManagerServer server;
    Manager manager;

    @BeforeEach
    void start() {
        server = ManagerServer.builder().authKey(KEY).trustedPackages("io.managedobjects.fixtures").register(Keeper.class)
                .register(Inventory.class, InventoryImpl.class).build().start();
        manager = Manager.builder().address(server.address()).authKey(KEY).trustedPackages("io.managedobjects.fixtures").connect();
    }

    @AfterEach
    void stop() {
        manager.close();
        server.close();
    }

    private int hosted() {
        return server.info().objects().size();
    }

    private static void awaitCollected(String what, BooleanSupplier condition) {
        Conditions.await(what, () -> {
            System.gc();
            return condition.getAsBoolean();
        });
    }

    /** Waits until a dropped sentinel object is collected: proof that the collector has swept (twice) since. */
    private void awaitCollectorSweeps() {
        String sentinel = manager.list().sharedId();
        awaitCollected("a sentinel collected", () -> server.info().objects().stream().noneMatch(o -> o.id().equals(sentinel)));
    }

    @Test
    void aMapInsideAPlainListSurvivesItsCreatorDroppingItsProxy() {
        SharedList<Object> outer = manager.list();
        addLeafInPlainList(outer);
        String leafId = server.info().objects().get(server.info().objects().size() - 1).id();
        awaitCollected("the creator's proxy released", () -> refCount(leafId) == 0);
        awaitCollectorSweeps();
        awaitCollectorSweeps();

        @SuppressWarnings("unchecked")
        SharedMap<String, Integer> leaf = (SharedMap<String, Integer>) ((List<?>) outer.get(0)).get(1);
        assertThat(leaf).containsEntry("kept", 1);
    }

    private void addLeafInPlainList(SharedList<Object> outer) {
        SharedMap<String, Integer> leaf = manager.map();
        leaf.put("kept", 1);
        outer.add(List.of("x", leaf));
    }

    private long refCount(String id) {
        return server.info().objects().stream().filter(o -> o.id().equals(id)).findFirst().map(ObjectInfo::refCount).orElse(-1L);
    }

    /** Stores shared objects nested in every kind of value into the containers it is given, then exits. */
    public static final class StoreNested implements ProcessTask {
        @Override
        @SuppressWarnings("unchecked")
        public void run(Object... args) throws Exception {
            Manager m = Manager.inherited();
            SharedList<Object> outer = (SharedList<Object>) args[0];
            SharedValue<Object> value = (SharedValue<Object>) args[1];
            SharedNamespace namespace = (SharedNamespace) args[2];
            SharedQueue<Object> queue = (SharedQueue<Object>) args[3];
            outer.add(List.of(leaf(m, "list")));
            outer.add(Map.of("k", leaf(m, "map")));
            outer.add(new Holder("record", leaf(m, "record")));
            SharedList<String> items = m.list();
            items.add("apple");
            outer.add(new Basket("ann", items));
            outer.add(Optional.of(leaf(m, "optional")));
            outer.add(new SharedMap<?, ?>[] {leaf(m, "array")});
            value.set(List.of(List.of(leaf(m, "value"))));
            namespace.set("attr", Map.of("deep", List.of(leaf(m, "namespace"))));
            queue.put(List.of(leaf(m, "queue")));
        }

        private static SharedMap<String, Integer> leaf(Manager m, String where) {
            SharedMap<String, Integer> leaf = m.map();
            leaf.put(where, 1);
            return leaf;
        }
    }

    @Test
    void sharedObjectsAChildNestedInStoredValuesOutliveTheChildAndAreFreedOnceRemoved() throws Exception {
        SharedList<Object> outer = manager.list("outer");
        SharedValue<Object> value = manager.value("value", null);
        SharedNamespace namespace = manager.namespace("namespace");
        SharedQueue<Object> queue = manager.queue("queue");
        int baseline = hosted();

        ManagedProcess child = manager.process(StoreNested.class, outer, value, namespace, queue).start();
        try {
            assertThat(child.join(Duration.ofSeconds(120))).isTrue();
            assertThat(child.exitCode()).hasValue(0);
        } finally {
            child.kill();
        }
        Conditions.awaitSessionEnded(server::info, child.pid());
        awaitCollectorSweeps();
        awaitCollectorSweeps();
        assertThat(hosted()).isEqualTo(baseline + 9);

        assertThat(leafAt(((List<?>) outer.get(0)).get(0))).containsEntry("list", 1);
        assertThat(leafAt(((Map<?, ?>) outer.get(1)).get("k"))).containsEntry("map", 1);
        Holder holder = (Holder) outer.get(2);
        assertThat(holder.map()).containsEntry("record", 1);
        assertThat(((Basket) outer.get(3)).items()).containsExactly("apple");
        assertThat(leafAt(((Optional<?>) outer.get(4)).orElseThrow())).containsEntry("optional", 1);
        assertThat(leafAt(((Object[]) outer.get(5))[0])).containsEntry("array", 1);
        assertThat(leafAt(((List<?>) ((List<?>) value.get()).get(0)).get(0))).containsEntry("value", 1);
        assertThat(leafAt(((List<?>) ((Map<?, ?>) namespace.get("attr")).get("deep")).get(0))).containsEntry("namespace", 1);
        assertThat(leafAt(((List<?>) queue.peek()).get(0))).containsEntry("queue", 1);
        holder = null;

        outer.clear();
        value.set(null);
        namespace.remove("attr");
        queue.clear();
        awaitCollected("every nested object freed", () -> hosted() == baseline);
    }

    @SuppressWarnings("unchecked")
    private static SharedMap<String, Integer> leafAt(Object value) {
        assertThat(value).isInstanceOf(SharedMap.class);
        return (SharedMap<String, Integer>) value;
    }

    @Test
    void aHostedObjectKeepsTheSharedObjectsItWasGivenAndCanUseThem() {
        Keeper keeper = manager.create(Keeper.class);
        int baseline = hosted();
        giveKeeperAMap(keeper);
        String kept = keeper.first().sharedId();
        awaitCollected("the caller's proxies released", () -> refCount(kept) == 0);
        awaitCollectorSweeps();
        awaitCollectorSweeps();

        keeper.addToAll("b", 5);
        assertThat(keeper.total()).isEqualTo(7);
        assertThat(keeper.first()).containsEntry("a", 2).containsEntry("b", 5);
        keeper.forget();
        awaitCollected("the forgotten map freed", () -> hosted() == baseline);
    }

    private void giveKeeperAMap(Keeper keeper) {
        SharedMap<String, Integer> map = manager.map();
        map.put("a", 2);
        keeper.keep(map);
    }

    @Test
    void referencesNestedInAHostedObjectsArgumentsArriveAsProxies() {
        Keeper keeper = manager.create(Keeper.class);
        SharedMap<String, Integer> one = manager.map(Map.of("x", 1));
        SharedMap<String, Integer> two = manager.map(Map.of("y", 2));
        keeper.keepAll(List.of(one, two));
        assertThat(keeper.total()).isEqualTo(3);
        keeper.addToAll("z", 10);
        assertThat(two).containsEntry("z", 10);
    }

    @Test
    void cyclesThroughNestedValuesAreCollected() {
        int baseline = hosted();
        makeACycle();
        awaitCollected("the cycle freed", () -> hosted() == baseline);
    }

    private void makeACycle() {
        SharedList<Object> a = manager.list();
        SharedMap<String, Object> b = manager.map();
        a.add(List.of(Map.of("to-b", b)));
        b.put("to-a", Optional.of(List.of(a)));
        b.put("self", new Object[] {b});
    }

    @Test
    void aProxyUnreachableRightAfterItIsStoredIsNeverFreedBeforeTheStoreLands() {
        SharedList<Object> outer = manager.list();
        for (int i = 0; i < 2_000; i++) {
            outer.add(List.of(manager.map(Map.of("i", i))));
            if (i % 200 == 0) {
                System.gc();
            }
        }
        awaitCollectorSweeps();
        for (int i = 0; i < 2_000; i += 97) {
            assertThat(leafAt(((List<?>) outer.get(i)).get(0))).containsEntry("i", i);
        }
    }

    @Test
    void aRecordHoldingAProxyComesBackWithALiveProxy() {
        SharedList<Object> outer = manager.list();
        SharedMap<String, Integer> map = manager.map();
        outer.add(new Holder("h", map));
        Holder back = (Holder) outer.get(0);
        back.map().put("through-the-record", 1);
        assertThat(map).containsEntry("through-the-record", 1);
        assertThat(outer.contains(new Holder("h", map))).isTrue();
        assertThat(outer.indexOf(new Holder("h", manager.map()))).isEqualTo(-1);
    }

    @Test
    void aHostedInterfaceProxyNestedInAStoredValueSurvivesItsCreatorDroppingIt() {
        SharedList<Object> outer = manager.list();
        storeInventory(outer);
        awaitCollectorSweeps();
        awaitCollectorSweeps();
        Inventory inventory = (Inventory) ((List<?>) outer.get(0)).get(0);
        assertThat(inventory.count("apple")).isEqualTo(3);
    }

    private void storeInventory(SharedList<Object> outer) {
        Inventory inventory = manager.create(Inventory.class);
        inventory.add("apple", 3);
        outer.add(List.of(inventory));
    }

    @Test
    void whatCallersStoreThroughASharedResultIsKeptByItsOwner() {
        Keeper keeper = manager.create(Keeper.class);
        int baseline = hosted();
        putOnTheShelf(keeper);
        awaitCollected("the shelf's proxies released", () -> hosted() == baseline + 1);
        awaitCollectorSweeps();
        awaitCollectorSweeps();
        assertThat(keeper.shelfSize()).isEqualTo(1);
        @SuppressWarnings("unchecked")
        SharedList<Object> shelf = (SharedList<Object>) keeper.shelf();
        assertThat(leafAt(((List<?>) shelf.get(0)).get(0))).containsEntry("on", 1);
    }

    private void putOnTheShelf(Keeper keeper) {
        @SuppressWarnings("unchecked")
        SharedList<Object> shelf = (SharedList<Object>) keeper.shelf();
        shelf.add(List.of(manager.map(Map.of("on", 1))));
    }

    @Test
    void aHostedObjectMayRemoveAndPollButNotWaitOnTheObjectsItHolds() {
        Keeper keeper = manager.create(Keeper.class);
        SharedMap<String, Integer> map = manager.map(Map.of("a", 1, "b", 2));
        keeper.keep(map);
        assertThat(keeper.removeFromFirst("a")).isEqualTo(1);
        assertThat(map).containsOnlyKeys("b");
        SharedQueue<Object> queue = manager.queue();
        queue.add("item");
        assertThat(keeper.pollFrom(queue)).isEqualTo("item");
        assertThat(keeper.pollFrom(queue)).isNull();
        assertThatThrownBy(() -> keeper.takeFrom(queue)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("from inside a hosted object's method");
    }

    @Test
    void aDestroyedObjectInsideAContainerStillReadsAsAReferenceThatSaysItIsGone() {
        SharedList<Object> outer = manager.list();
        SharedMap<String, Integer> map = manager.map();
        outer.add(List.of(map));
        outer.add(new Holder("h", map));
        manager.destroy(map);
        SharedMap<?, ?> gone = leafAt(((List<?>) outer.get(0)).get(0));
        assertThat(gone.sharedId()).isEqualTo(map.sharedId());
        assertThatThrownBy(gone::size).isInstanceOf(IllegalStateException.class).hasMessageContaining("no longer exists");
        assertThat(((Holder) outer.get(1)).map().sharedId()).isEqualTo(map.sharedId());
        assertThat(outer.toString()).contains("map(" + map.sharedId() + ")");
    }

    @Test
    void aValueHoldingAProxyComparesAsThatObject() {
        SharedMap<String, Integer> map = manager.map();
        SharedValue<Object> value = manager.value(map);
        assertThat(value.compareAndSet(map, "replaced")).isTrue();
        assertThat(value.get()).isEqualTo("replaced");
        assertThat(value.getAndSet(map)).isEqualTo("replaced");
        assertThat(value.toString()).contains("map(" + map.sharedId() + ")");
    }

    @Test
    void aPlainMapComparedWithASharedOneInAMapTypedFieldIsRefusedClearlyInsteadOfLockingIt() {
        SharedList<Object> outer = manager.list();
        SharedMap<String, Integer> map = manager.map(Map.of("a", 1));
        outer.add(new MapHolder(map));
        assertThat(outer.contains(new MapHolder(map))).isTrue();
        assertThatThrownBy(() -> outer.contains(new MapHolder(new java.util.HashMap<>(Map.of("a", 1)))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("compare shared objects with shared objects");
    }
}
