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
import io.managedobjects.custom.InventoryImpl;
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

    @Test
    void aDedicatedHostStartedWithOneCommandServesItsInstancesUntilItIsStopped() throws Exception {
        String name = "dedicated-" + System.nanoTime();
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        Process host = startHost(lines, List.of(), "--session-timeout=5", name + "=" + Counter.class.getName(),
                name + "-inventory=" + Inventory.class.getName() + ":" + InventoryImpl.class.getName());
        try {
            assertThat(lines).as("what the host printed").anyMatch(l -> l.startsWith("hosting '" + name + "' (" + Counter.class.getName()
                    + ") on redis://127.0.0.1:") && l.endsWith("in pid " + host.pid()));
            Counter counter = manager.named(name, Counter.class);
            assertThat(counter.increment()).isEqualTo(1);
            Inventory inventory = manager.named(name + "-inventory", Inventory.class);
            assertThat(inventory.add("pear")).isEqualTo(1);
            assertThat(manager.info().objects()).filteredOn(o -> name.equals(o.name())).singleElement()
                    .satisfies(o -> assertThat((String) o.state().get("host")).startsWith("pid " + host.pid() + " on "));

            host.destroy();   // SIGTERM: the host closes its session, and its instances end at once

            assertThat(host.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(counter::increment).isInstanceOf(ManagerException.class).hasMessageContaining("pid " + host.pid());
        } finally {
            host.destroyForcibly().waitFor(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void aDedicatedHostRefusesAWrongCommandLineOrATakenNameSayingWhatIsWrong() {
        java.io.PrintStream out = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
        String address = RedisServer.address();
        assertThatThrownBy(() -> RedisHost.host(new String[] {"x=" + Counter.class.getName()}, null, out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MANAGED_OBJECTS_ADDRESS");
        assertThatThrownBy(() -> RedisHost.host(new String[] {address}, null, out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Nothing to host");
        assertThatThrownBy(() -> RedisHost.host(new String[] {address, "x=com.example.Missing"}, null, out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("com.example.Missing is not on this process's classpath");
        assertThatThrownBy(() -> RedisHost.host(new String[] {"--session-timeout=0", "x=" + Counter.class.getName()}, address, out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--session-timeout=0");
        String taken = "taken-" + System.nanoTime();
        manager.named(taken, Counter.class);
        assertThatThrownBy(() -> RedisHost.host(new String[] {taken + "=" + Counter.class.getName()}, address, out))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already holds an instance hosted by another process");
    }

    /**
     * Starts a {@link RedisHost} JVM on the test's Redis and waits until it announced every instance.
     *
     * @param lines where what it prints goes
     * @param jvmOptions options of its JVM
     * @param args its arguments after the address
     * @return the process (the caller destroys it)
     */
    private Process startHost(List<String> lines, List<String> jvmOptions, String... args) throws java.io.IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), RedisHost.class.getName(), RedisServer.address()));
        command.addAll(List.of(args));
        Process host = new ProcessBuilder(command).redirectErrorStream(true).start();
        threads.submit(() -> {
            try (java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(host.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8))) {
                out.lines().forEach(lines::add);
            }
            return null;
        });
        long instances = java.util.Arrays.stream(args).filter(a -> !a.startsWith("--")).count();
        Conditions.await("the host announced its instances", () -> lines.stream().filter(l -> l.startsWith("hosting")).count() == instances
                || !host.isAlive());
        assertThat(host.isAlive()).as("the host runs: %s", lines).isTrue();
        return host;
    }

    @Test
    void aValueThatFailsToLoadOnTheHostFailsThatCallAndTheHostServesOn() throws Exception {
        String name = "echo-" + System.nanoTime();
        Process host = startHost(new java.util.concurrent.CopyOnWriteArrayList<>(), List.of("-Dfragile.fail=true"),
                name + "=" + Echo.class.getName());
        try (Manager caller = RedisServer.builder().register(Echo.class).connect()) {   // its package's values may cross
            Echo echo = caller.named(name, Echo.class);
            assertThat(within(threads.submit(() -> echo.echo("before")))).isEqualTo("before");
            Future<Object> fragile = threads.submit(() -> echo.echo(new Fragile(1)));
            assertThatThrownBy(() -> within(fragile)).hasCauseInstanceOf(ExceptionInInitializerError.class);
            assertThat(within(threads.submit(() -> echo.echo("after")))).as("the host still serves").isEqualTo("after");
        } finally {
            host.destroyForcibly().waitFor(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void aCallThatRedisLostFailsSayingSoInsteadOfWaiting() throws Exception {
        String name = "lost-" + System.nanoTime();
        // a long lease: the host stays live while it is stopped
        Process host = startHost(new java.util.concurrent.CopyOnWriteArrayList<>(), List.of(), "--session-timeout=120",
                name + "=" + Counter.class.getName());
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(RedisServer.address());
        try (io.lettuce.core.api.StatefulRedisConnection<String, String> redis = client.connect()) {
            Counter counter = manager.named(name, Counter.class);
            assertThat(counter.increment()).isEqualTo(1);
            String pending = "mo:s:" + ((RedisManager) manager).sessionId() + ":p";
            signal(host, "STOP");
            Future<Long> call = threads.submit(counter::increment);
            Conditions.await("the call is queued", () -> redis.sync().hlen(pending) == 1);
            // as a Redis that came back from an older snapshot would: neither the request nor its mark is left
            redis.sync().keys("mo:s:*:u").forEach(key -> redis.sync().del(key));
            redis.sync().del(pending);
            signal(host, "CONT");
            assertThatThrownBy(() -> within(call)).hasCauseInstanceOf(io.managedobjects.ManagerConnectionException.class)
                    .hasMessageContaining("cut off");
            assertThat(counter.increment()).as("the host serves the next call").isEqualTo(2);
        } finally {
            client.shutdown();
            host.destroyForcibly().waitFor(60, TimeUnit.SECONDS);
        }
    }

    private static void signal(Process process, String signal) throws Exception {
        assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start().waitFor()).isZero();
    }
}
