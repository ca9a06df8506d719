package io.managedobjects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.managedobjects.custom.Ambiguous;
import io.managedobjects.custom.Counter;
import io.managedobjects.custom.Inventory;
import io.managedobjects.custom.InventoryImpl;
import io.managedobjects.custom.MyCustomClass;
import io.managedobjects.custom.NotRegistered;
import io.managedobjects.custom.OutOfStockException;
import io.managedobjects.custom.Rendezvous;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Python's {@code BaseManager.register}: the server hosts instances of the user's own classes. */
class CustomClassTest {

    static Manager manager;
    final ExecutorService threads = Executors.newCachedThreadPool();
    final List<ManagedProcess> children = new ArrayList<>();

    @BeforeAll
    static void start() {
        manager = Manager.builder()
                .register(MyCustomClass.class)
                .register(Counter.class)
                .register(Rendezvous.class)
                .register(Inventory.class, InventoryImpl.class)
                .register(Ambiguous.class)
                .start();
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    @AfterEach
    void cleanUp() {
        threads.shutdownNow();
        children.forEach(ManagedProcess::kill);
    }

    /** Calls task() once on the shared instance and records the result. */
    public static class CallTask implements ProcessTask {
        @Override
        @SuppressWarnings("unchecked")
        public void run(Object... args) throws Exception {
            MyCustomClass shared = (MyCustomClass) args[0];
            ((SharedList<Double>) args[1]).add(shared.task());
        }
    }

    @Test
    void theClassicTutorialTaskCalledByMainAndFourChildrenStoresFiveTuples() throws Exception {
        MyCustomClass shared = manager.create(MyCustomClass.class, 10);
        SharedList<Double> results = manager.list();
        for (int i = 0; i < 4; i++) {
            ManagedProcess child = manager.process(CallTask.class, shared, results);
            children.add(child);
            child.start();
        }
        results.add(shared.task());
        for (ManagedProcess child : children) {
            assertThat(child.join()).isZero();
        }
        List<List<Object>> storage = shared.getStorage();
        assertThat(storage).hasSize(5);
        assertThat(storage).allSatisfy(tuple -> {
            assertThat(tuple.get(0)).isEqualTo(10);
            assertThat((Double) tuple.get(2)).isEqualTo(10 * (Double) tuple.get(1));
        });
        assertThat(storage.stream().map(tuple -> (Double) tuple.get(2)).toList()).containsExactlyInAnyOrderElementsOf(results);
        assertThat(shared).isInstanceOf(SharedObject.class);
        assertThat(((SharedObject) shared).sharedType()).isEqualTo("MyCustomClass");
    }

    /** Increments the shared counter 10,000 times. */
    public static class Increment implements ProcessTask {
        @Override
        public void run(Object... args) {
            Counter counter = Manager.inherited().named("hits", Counter.class);
            for (int i = 0; i < 10_000; i++) {
                counter.increment();
            }
        }
    }

    @Test
    void aCounterThatIsNotThreadSafeIsIncrementedEightyThousandTimesFromEightProcesses() throws Exception {
        Counter counter = manager.named("hits", Counter.class);
        for (int i = 0; i < 8; i++) {
            ManagedProcess child = manager.process(Increment.class);
            children.add(child);
            child.start();
        }
        for (ManagedProcess child : children) {
            assertThat(child.join()).isZero();
        }
        assertThat(counter.get()).isEqualTo(80_000);
        assertThat(counter.toString()).isEqualTo("Counter(80000)");
    }

    @Test
    void callsOnOneInstanceRunOneAtATimeUnlessTheClassIsThreadSafe() throws Exception {
        Counter counter = manager.create(Counter.class);
        List<Future<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            calls.add(threads.submit(counter::overlap));
        }
        for (Future<Integer> call : calls) {
            assertThat(call.get(30, TimeUnit.SECONDS)).isEqualTo(1);
        }
        Rendezvous rendezvous = manager.create(Rendezvous.class);
        Future<Boolean> first = threads.submit(rendezvous::meet);
        Future<Boolean> second = threads.submit(rendezvous::meet);
        assertThat(first.get(60, TimeUnit.SECONDS)).isTrue();
        assertThat(second.get(60, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aSlowCallOnOneInstanceNeverDelaysCallsToOtherObjects() throws Exception {
        Rendezvous slow = manager.create(Rendezvous.class);
        Rendezvous other = manager.create(Rendezvous.class);
        Future<Boolean> waiting = threads.submit(slow::waitForRelease);
        assertThat(other.ping()).isEqualTo("pong");
        assertThat(manager.<String, Integer>map().put("k", 1)).isNull();
        other.release();
        assertThat(waiting.get(60, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void interfacesGetDynamicProxiesWithOverloadsExceptionsAndDefaultMethods() throws Exception {
        Inventory inventory = manager.create(Inventory.class, Map.of("apple", 2));
        assertThat(Proxy.isProxyClass(inventory.getClass())).isTrue();
        assertThat(inventory.add("pear")).isEqualTo(1);
        assertThat(inventory.add("pear", 4)).isEqualTo(5);
        assertThat(inventory.take("pear", 2)).isEqualTo(3);
        assertThatThrownBy(() -> inventory.take("apple", 5)).isInstanceOf(OutOfStockException.class)
                .hasMessage("only 2 apple left")
                .satisfies(e -> {
                    assertThat(e.getSuppressed()).hasSize(1);
                    assertThat(e.getSuppressed()[0].getStackTrace()[0].getClassName()).isEqualTo(InventoryImpl.class.getName());
                });
        assertThatThrownBy(() -> inventory.add("fig", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("quantity must be positive");
        assertThat(inventory.describe()).isEqualTo("inventory of [apple, pear]");
        assertThat(inventory.toString()).isEqualTo("Inventory{apple=2, pear=3}");
    }

    @Test
    void aSharedResultMethodGivesALiveProxyOfTheVeryCollection() {
        Inventory inventory = manager.create(Inventory.class);
        List<String> names = inventory.liveNames();
        assertThat(names).isInstanceOf(SharedList.class);
        inventory.add("plum");
        assertThat(names).containsExactly("plum");
        names.add("kiwi");
        assertThat(inventory.liveNames()).containsExactly("plum", "kiwi");
    }

    @Test
    void namedInstancesAreGetOrCreateAndProxiesCompareByHostedObject() {
        Inventory first = manager.named("store", Inventory.class);
        Inventory second = manager.named("store", Inventory.class, Map.of("ignored", 1));
        first.add("nut");
        assertThat(second.count("nut")).isEqualTo(1);
        assertThat(first).isEqualTo(second).hasSameHashCodeAs(second);
        assertThat(first).isNotEqualTo(manager.create(Inventory.class));
        assertThat(((SharedObject) first).sharedName()).isEqualTo("store");
        assertThatThrownBy(() -> manager.named("store", Counter.class)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already holds");
    }

    @Test
    void classesGetSubclassProxiesBuiltWithoutRunningTheirConstructor() {
        Counter counter = manager.create(Counter.class, 41L);
        assertThat(counter.getClass()).isNotEqualTo(Counter.class);
        assertThat(counter).isInstanceOf(Counter.class).isInstanceOf(SharedObject.class);
        assertThat(counter.increment()).isEqualTo(42);
    }

    @Test
    void unregisteredClassesAreRefusedAndNeverInstantiated() {
        assertThatThrownBy(() -> manager.create(NotRegistered.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(NotRegistered.class.getName())
                .hasMessageContaining("is not registered")
                .hasMessageContaining("register(NotRegistered.class)");
        assertThatThrownBy(() -> manager.create(java.io.File.class, "/etc/passwd"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not registered");
    }

    @Test
    void constructorsAreChosenByTheArgumentsWithClearErrors() {
        assertThatThrownBy(() -> manager.create(Counter.class, "not a number"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("No public constructor")
                .hasMessageContaining("(String)");
        assertThatThrownBy(() -> manager.create(Ambiguous.class, "text"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Several constructors");
    }

    @Test
    void instancesAppearInInfoWithTheirTypeIdNameAndCalls() {
        Counter counter = manager.named("visible-counter", Counter.class);
        counter.increment();
        counter.increment();
        ObjectInfo info = manager.info().objects().stream().filter(o -> o.id().equals(((SharedObject) counter).sharedId()))
                .findFirst().orElseThrow();
        assertThat(info.type()).isEqualTo("counter");
        assertThat(info.name()).isEqualTo("visible-counter");
        assertThat(info.calls()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aConnectedClientNeedsNoRegistrationOfItsOwn() {
        try (Manager client = Manager.connect(manager.address(), keyOf(manager))) {
            Counter counter = client.named("hits-for-client", Counter.class);
            assertThat(counter.increment()).isEqualTo(1);
            Inventory inventory = client.named("store", Inventory.class);
            assertThat(inventory.items()).isNotNull();
        }
    }

    private static byte[] keyOf(Manager manager) {
        return ((io.managedobjects.internal.client.ClientManager) manager).authKey();
    }

    @Test
    void registrationsThatCannotWorkAreRefusedAtOnce() {
        assertThatThrownBy(() -> Manager.builder().register(String.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("final");
        assertThatThrownBy(() -> Manager.builder().register(Inventory.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("abstract");
        assertThatThrownBy(() -> Manager.builder().register("map", Counter.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("built-in");
        assertThatThrownBy(() -> Manager.builder().register(Counter.class).register(Counter.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("registered twice");
    }
}
