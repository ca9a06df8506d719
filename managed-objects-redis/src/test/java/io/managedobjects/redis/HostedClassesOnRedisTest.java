package io.managedobjects.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.managedobjects.Conditions;
import io.managedobjects.ManagedProcess;
import io.managedobjects.Manager;
import io.managedobjects.ManagerException;
import io.managedobjects.ObjectInfo;
import io.managedobjects.ProcessTask;
import io.managedobjects.SharedEvent;
import io.managedobjects.SharedList;
import io.managedobjects.SharedObject;
import io.managedobjects.contracts.HostedClassesContract;
import io.managedobjects.custom.Counter;
import io.managedobjects.custom.Inventory;
import io.managedobjects.custom.Slow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Registered classes on Redis: the contract, and what differs from a manager server. The process that creates an
 * instance hosts it; when that process dies, every caller fails clearly, naming it, within the session timeout (5 s
 * here) and Redis's 2 s recheck, and never hangs.
 */
@ExtendWith(RedisServer.class)
class HostedClassesOnRedisTest extends HostedClassesContract {

    /** The longest a caller may take to notice a killed host: the session timeout, a recheck, and a loaded machine's slack. */
    private static final Duration NOTICED_WITHIN = Duration.ofSeconds(60);

    @Override
    protected Manager connect() {
        return registered(RedisServer.builder()).register(Slow.class).connect();
    }

    @Override
    protected Manager connectWithoutRegistrations() {
        return RedisServer.manager();
    }

    @Override
    protected int incrementsPerProcess() {
        return 150;
    }

    /** Hosts a counter and a slow instance under the names given, says so, and stays until it is killed. */
    public static class Host implements ProcessTask {
        @Override
        public void run(Object... args) throws Exception {
            Manager manager = Manager.inherited();
            manager.named((String) args[0], Counter.class);
            manager.named((String) args[1], Slow.class);
            ((SharedEvent) args[2]).set();
            Thread.sleep(TimeUnit.MINUTES.toMillis(10));
        }
    }

    /** Increments the counter named args[0] until a call fails, then records the failure's message in args[1]. */
    public static class Caller implements ProcessTask {
        @Override
        @SuppressWarnings("unchecked")
        public void run(Object... args) throws Exception {
            Counter counter = Manager.inherited().named((String) args[0], Counter.class);
            SharedList<String> outcomes = (SharedList<String>) args[1];
            outcomes.add("calling " + counter.increment());
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (System.nanoTime() < deadline) {
                try {
                    counter.increment();
                } catch (ManagerException e) {
                    outcomes.add(e.getClass().getSimpleName() + ": " + e.getMessage());
                    return;
                }
            }
            outcomes.add("never failed");
        }
    }

    @Test
    void aHostedInstanceCalledFromThreeProcessesFailsClearlyInEachWhenItsHostIsKilled() throws Exception {
        String counterName = "hosted-counter-" + System.nanoTime();
        String slowName = "hosted-slow-" + System.nanoTime();
        SharedEvent hosting = manager.event();
        ManagedProcess host = start(Host.class, counterName, slowName, hosting);
        assertThat(hosting.await(Duration.ofSeconds(60))).as("the host created its instances").isTrue();
        SharedList<String> outcomes = manager.list();
        start(Caller.class, counterName, outcomes);
        start(Caller.class, counterName, outcomes);
        Counter counter = manager.named(counterName, Counter.class);
        Slow slow = manager.named(slowName, Slow.class);
        Future<Boolean> waiting = threads.submit(() -> slow.hold(TimeUnit.MINUTES.toMillis(5)));
        Conditions.await("both callers reached the instance", () -> outcomes.stream().filter(o -> o.startsWith("calling")).count() == 2);
        assertThat(counter.increment()).isGreaterThan(2);
        long hostPid = host.pid();

        host.kill();

        Conditions.await("both callers failed", () -> outcomes.size() == 4);
        assertThat(outcomes.subList(2, 4)).allSatisfy(outcome -> assertThat(outcome)
                .startsWith("ManagerException: The shared object ").contains("is gone: the process that hosted it (pid " + hostPid));
        assertThatThrownBy(() -> waiting.get(NOTICED_WITHIN.toSeconds(), TimeUnit.SECONDS))
                .as("a call waiting for the killed host's reply fails too")
                .hasCauseInstanceOf(ManagerException.class).hasMessageContaining("pid " + hostPid);
        assertThatThrownBy(counter::increment).isInstanceOf(ManagerException.class).hasMessageContaining("pid " + hostPid)
                .hasMessageContaining("create it again");
        Counter again = manager.named(counterName, Counter.class);
        assertThat(again.increment()).as("the name is free: a new instance, hosted here").isEqualTo(1);
        assertThat(manager.info().objects()).filteredOn(o -> counterName.equals(o.name())).singleElement()
                .satisfies(o -> assertThat(o.state()).containsEntry("host", "pid " + ProcessHandle.current().pid() + " on "
                        + java.net.InetAddress.getLocalHost().getHostName()));
    }

    @Test
    void instancesEndWithTheManagerThatHostsThemAndCallersSaySo() {
        Counter counter;
        try (Manager host = registered(RedisServer.builder()).connect()) {
            Counter hosted = host.create(Counter.class);
            hosted.increment();
            counter = manager.proxy(((SharedObject) hosted).sharedRef());
            assertThat(counter.increment()).isEqualTo(2);
        }
        assertThatThrownBy(counter::get).isInstanceOf(ManagerException.class)
                .hasMessageContaining("is gone: the process that hosted it (pid " + ProcessHandle.current().pid());
    }

    @Test
    void aDestroyedOrReleasedInstanceIsDroppedByItsHost() {
        RedisManager redis = (RedisManager) manager;
        Counter counter = manager.create(Counter.class);
        int hosting = redis.hostedCount();
        assertThat(hosting).isPositive();
        manager.destroy((SharedObject) counter);
        Conditions.await("the host dropped the destroyed instance", () -> redis.hostedCount() < hosting);
    }

    @Test
    void aSharedResultMethodIsRefusedOnRedisSayingWhatToDoInstead() {
        Inventory inventory = manager.create(Inventory.class);
        assertThatThrownBy(inventory::liveNames).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("@SharedResult").hasMessageContaining("Manager.start()");
    }

    @Test
    void aCallOnAnInstanceWhoseHostIsGoneFailsAtOnceWithoutWaiting() throws Exception {
        SharedEvent hosting = manager.event();
        String counterName = "short-lived-" + System.nanoTime();
        ManagedProcess host = start(Host.class, counterName, counterName + "-slow", hosting);
        assertThat(hosting.await(Duration.ofSeconds(60))).isTrue();
        Counter counter = manager.named(counterName, Counter.class);
        host.kill();
        List<String> failures = new ArrayList<>();
        Conditions.await("the host's session ended", () -> {
            try {
                counter.get();
                return false;
            } catch (ManagerException e) {
                failures.add(e.getMessage());
                return true;
            }
        });
        assertThat(failures.get(0)).contains("pid " + host.pid());
        ObjectInfo none = manager.info().objects().stream().filter(o -> counterName.equals(o.name())).findFirst().orElse(null);
        assertThat(none).as("the named instance died with its host").isNull();
    }
}
