package io.managedobjects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.managedobjects.contracts.HostedClassesContract;
import io.managedobjects.custom.Counter;
import io.managedobjects.custom.Inventory;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Python's {@code BaseManager.register} on a forked manager server: the server hosts instances of the user's own
 * classes (the contract), shares the collections they return, and hosts for clients that registered nothing.
 */
class CustomClassTest extends HostedClassesContract {

    @Override
    protected Manager connect() {
        return registered(Manager.builder()).start();
    }

    @Override
    protected Manager connectWithoutRegistrations() {
        return Manager.connect(manager.address(), keyOf(manager));
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
    void instancesCountTheirCallsInInfo() {
        Counter counter = manager.named("counted-counter", Counter.class);
        counter.increment();
        counter.increment();
        ObjectInfo info = manager.info().objects().stream().filter(o -> o.id().equals(((SharedObject) counter).sharedId()))
                .findFirst().orElseThrow();
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
