package io.managedobjects.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.managedobjects.ManagedProcess;
import io.managedobjects.Manager;
import io.managedobjects.ManagerBuilder;
import io.managedobjects.ObjectInfo;
import io.managedobjects.ProcessTask;
import io.managedobjects.SharedList;
import io.managedobjects.SharedMap;
import io.managedobjects.SharedObject;
import io.managedobjects.custom.Ambiguous;
import io.managedobjects.custom.Counter;
import io.managedobjects.custom.Inventory;
import io.managedobjects.custom.InventoryImpl;
import io.managedobjects.custom.Keeper;
import io.managedobjects.custom.MyCustomClass;
import io.managedobjects.custom.NotRegistered;
import io.managedobjects.custom.OutOfStockException;
import io.managedobjects.custom.Rendezvous;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Python's {@code BaseManager.register} on every backend: instances of the user's own registered classes, created
 * by one process and called from many, one call at a time unless the class is thread-safe.
 */
public abstract class HostedClassesContract extends BackendContract {

    /**
     * The registrations every backend's manager of this contract is built with.
     *
     * @param builder a builder naming the backend
     * @return the builder with the classes registered
     */
    protected static ManagerBuilder registered(ManagerBuilder builder) {
        return builder.register(MyCustomClass.class)
                .register(Counter.class)
                .register(Rendezvous.class)
                .register(Inventory.class, InventoryImpl.class)
                .register(Ambiguous.class)
                .register(Keeper.class);
    }

    /**
     * A second manager of the same backend, in this process, built without any registration.
     *
     * @return the manager
     */
    protected abstract Manager connectWithoutRegistrations();

    /**
     * How many times each of 8 processes increments the shared counter (every call is a round trip to the instance).
     *
     * @return the count
     */
    protected int incrementsPerProcess() {
        return 10_000;
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
        assumeProcesses();
        MyCustomClass shared = manager.create(MyCustomClass.class, 10);
        SharedList<Double> results = manager.list();
        List<ManagedProcess> children = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            children.add(start(CallTask.class, shared, results));
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

    /** Increments the shared counter named args[0] args[1] times. */
    public static class Increment implements ProcessTask {
        @Override
        public void run(Object... args) {
            Counter counter = Manager.inherited().named((String) args[0], Counter.class);
            for (int i = 0; i < (Integer) args[1]; i++) {
                counter.increment();
            }
        }
    }

    @Test
    void aCounterThatIsNotThreadSafeLosesNoIncrementFromEightProcesses() throws Exception {
        assumeProcesses();
        String name = "hits-" + System.nanoTime();
        Counter counter = manager.named(name, Counter.class);
        List<ManagedProcess> children = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            children.add(start(Increment.class, name, incrementsPerProcess()));
        }
        for (ManagedProcess child : children) {
            assertThat(child.join()).isZero();
        }
        long total = 8L * incrementsPerProcess();
        assertThat(counter.get()).isEqualTo(total);
        assertThat(counter.toString()).isEqualTo("Counter(" + total + ")");
    }

    @Test
    void callsOnOneInstanceRunOneAtATimeUnlessTheClassIsThreadSafe() throws Exception {
        Counter counter = manager.create(Counter.class);
        List<Future<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            calls.add(threads.submit(counter::overlap));
        }
        for (Future<Integer> call : calls) {
            assertThat(within(call)).isEqualTo(1);
        }
        Rendezvous rendezvous = manager.create(Rendezvous.class);
        Future<Boolean> first = threads.submit(rendezvous::meet);
        Future<Boolean> second = threads.submit(rendezvous::meet);
        assertThat(within(first)).isTrue();
        assertThat(within(second)).isTrue();
    }

    @Test
    void aSlowCallOnOneInstanceNeverDelaysCallsToOtherObjects() throws Exception {
        Rendezvous slow = manager.create(Rendezvous.class);
        Rendezvous other = manager.create(Rendezvous.class);
        Future<Boolean> waiting = threads.submit(slow::waitForRelease);
        assertThat(other.ping()).isEqualTo("pong");
        assertThat(manager.<String, Integer>map().put("k", 1)).isNull();
        other.release();
        assertThat(within(waiting)).isTrue();
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
    void sharedObjectsPassedToAnInstanceAndReturnedByItStayLiveProxiesOfTheSameObjects() {
        SharedMap<String, Integer> first = manager.map();
        SharedMap<String, Integer> second = manager.map();
        Keeper keeper = manager.create(Keeper.class);
        keeper.keep(first);
        keeper.keepAll(List.of(second));
        keeper.addToAll("apples", 3);
        assertThat(first).containsEntry("apples", 3);
        assertThat(second).containsEntry("apples", 3);
        second.put("pears", 4);
        assertThat(keeper.total()).isEqualTo(10);
        SharedMap<String, Integer> returned = keeper.first();
        assertThat(((SharedObject) returned).sharedId()).isEqualTo(((SharedObject) first).sharedId());
        returned.put("plums", 1);
        assertThat(first).containsEntry("plums", 1);
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
    void instancesAppearInInfoWithTheirTypeIdAndName() {
        Counter counter = manager.named("visible-counter", Counter.class);
        counter.increment();
        ObjectInfo info = manager.info().objects().stream().filter(o -> o.id().equals(((SharedObject) counter).sharedId()))
                .findFirst().orElseThrow();
        assertThat(info.type()).isEqualTo("counter");
        assertThat(info.name()).isEqualTo("visible-counter");
        assertThat(info.state()).containsEntry("class", Counter.class.getName()).containsEntry("threadSafe", false);
    }

    @Test
    void aManagerWithoutTheRegistrationCallsAnInstanceCreatedElsewhere() {
        Counter created = manager.named("counter-for-others", Counter.class);
        created.increment();
        try (Manager other = connectWithoutRegistrations()) {
            Counter counter = other.named("counter-for-others", Counter.class);
            assertThat(counter.increment()).isEqualTo(2);
            Counter referenced = other.proxy(((SharedObject) created).sharedRef());
            assertThat(referenced.get()).isEqualTo(2);
        }
    }

    @Test
    void aDestroyedInstanceIsGoneForEveryProxy() {
        Counter counter = manager.create(Counter.class);
        Counter same = manager.proxy(((SharedObject) counter).sharedRef());
        counter.increment();
        manager.destroy((SharedObject) counter);
        assertThatThrownBy(same::get).isInstanceOf(IllegalStateException.class).hasMessageContaining("no longer exists");
    }
}
