package io.managedobjects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Python's {@code Process(target=f, args=(proxy,))}, with real child JVMs. */
class ManagedProcessTest {

    static Manager manager;
    final List<ManagedProcess> started = new ArrayList<>();

    @BeforeAll
    static void startManager() {
        manager = Manager.start();
    }

    @AfterAll
    static void stopManager() {
        manager.close();
    }

    @AfterEach
    void killLeftovers() {
        started.forEach(ManagedProcess::kill);
    }

    private ManagedProcess start(Class<? extends ProcessTask> task, Object... args) {
        ManagedProcess process = manager.process(task, args);
        started.add(process);
        return process.start();
    }

    /** Appends {@code [i, random]} after a random pause below one second. */
    public static class AppendEntry implements ProcessTask {
        @Override
        public void run(Object... args) throws Exception {
            @SuppressWarnings("unchecked")
            SharedList<Object> list = (SharedList<Object>) args[0];
            int i = (Integer) args[1];
            Thread.sleep(ThreadLocalRandom.current().nextInt(1000));
            list.add(List.of(i, ThreadLocalRandom.current().nextDouble()));
        }
    }

    @Test
    void fiftyChildProcessesEachAppendOneEntryToOneSharedList() throws InterruptedException {
        SharedList<List<Object>> list = manager.list();
        List<ManagedProcess> workers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            workers.add(start(AppendEntry.class, list, i));
        }
        for (ManagedProcess worker : workers) {
            assertThat(worker.join()).isZero();
        }
        assertThat(list).hasSize(50);
        assertThat(list.stream().map(entry -> (Integer) entry.get(0)).collect(Collectors.toSet()))
                .hasSize(50).allMatch(i -> i >= 0 && i < 50);
        assertThat(list).allMatch(entry -> entry.get(1) instanceof Double d && d >= 0 && d < 1);
    }

    /** Adds its JVM's options to the list it is given and, at depth 0, starts a child that does the same. */
    public static class RecordJvmOptions implements ProcessTask {
        @Override
        public void run(Object... args) throws Exception {
            @SuppressWarnings("unchecked")
            SharedList<List<String>> options = (SharedList<List<String>>) args[0];
            options.add(List.copyOf(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()));
            if ((Integer) args[1] == 0) {
                ManagedProcess grandchild = Manager.inherited().process(RecordJvmOptions.class, options, 1).start();
                if (grandchild.join() != 0) {
                    throw new IllegalStateException("the grandchild failed");
                }
            }
        }
    }

    @Test
    void processJvmArgsReachEveryChildFreshOrSpareAndTheirChildrenInheritThem() throws Exception {
        try (Manager own = Manager.builder().processJvmArgs("-Dmanaged-objects.test.child-option=yes", "-XX:MaxJavaStackTraceDepth=2048",
                "-XX:TieredStopAtLevel=1")
                .start()) {
            SharedList<List<String>> options = own.list();
            for (int depth : new int[] {0, 1}) { // the second child starts in the spare JVM the first left
                ManagedProcess child = own.process(RecordJvmOptions.class, options, depth);
                started.add(child);
                assertThat(child.start().join()).isZero();
            }
            assertThat(options).hasSize(3).allSatisfy(jvm -> assertThat(jvm)
                    .contains("-Dmanaged-objects.test.child-option=yes", "-XX:MaxJavaStackTraceDepth=2048"));
            // the JDK's selector provider is named (no jar is opened to look for another), once however deep
            String provider = "-Djava.nio.channels.spi.SelectorProvider="
                    + java.nio.channels.spi.SelectorProvider.provider().getClass().getName();
            assertThat(options).allSatisfy(jvm -> assertThat(jvm.stream().filter(option -> option.startsWith("-Djava.nio.channels.spi.")))
                    .containsExactly(provider));
            // a choice of compilers replaces the library's compile commands for children (ChildCompilersTest has them)
            assertThat(options).allSatisfy(jvm -> assertThat(jvm).contains("-XX:TieredStopAtLevel=1")
                    .noneMatch(option -> option.startsWith("-XX:CompileCommand=") || option.contains("compilerDefaults")));
        }
        assertThat(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments())
                .doesNotContain("-Dmanaged-objects.test.child-option=yes");
    }

    /** Adds its own pid to the list it is given. */
    public static class RecordPid implements ProcessTask {
        @Override
        public void run(Object... args) {
            @SuppressWarnings("unchecked")
            SharedList<Long> pids = (SharedList<Long>) args[0];
            pids.add(ProcessHandle.current().pid());
        }
    }

    @Test
    void theNextChildRunsInTheSpareJvmTheLastStartLeftConnectedAndClosingTheManagerEndsTheSpare() throws Exception {
        ProcessHandle lastSpare;
        try (Manager own = Manager.start()) {
            SharedList<Long> pids = own.list();
            ManagedProcess first = own.process(RecordPid.class, pids).start();
            assertThat(first.join()).isZero();
            long spare = awaitSpare(own, first.pid());
            ManagedProcess second = own.process(RecordPid.class, pids).start();
            assertThat(second.pid()).isEqualTo(spare);
            assertThat(second.join()).isZero();
            assertThat(pids).containsExactly(first.pid(), spare);
            lastSpare = ProcessHandle.of(awaitSpare(own, first.pid(), second.pid())).orElseThrow();
        }
        lastSpare.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(lastSpare.isAlive()).isFalse();
    }

    /**
     * Waits for the spare child JVM a manager starts after a child: a connection from a process that is neither
     * this one nor one of the given children.
     *
     * @param manager the manager
     * @param children the pids of its children so far
     * @return the spare's pid
     */
    static long awaitSpare(Manager manager, long... children) {
        java.util.Set<Long> known = new java.util.HashSet<>();
        known.add(ProcessHandle.current().pid());
        for (long child : children) {
            known.add(child);
        }
        java.util.concurrent.atomic.AtomicLong spare = new java.util.concurrent.atomic.AtomicLong();
        Conditions.await("a spare child JVM connected", () -> manager.info().connections().stream()
                .map(ConnectionInfo::pid)
                .filter(pid -> !known.contains(pid) && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .findFirst().map(pid -> {
                    spare.set(pid);
                    return true;
                }).orElse(false));
        return spare.get();
    }

    /** Writes into the named map of the inherited manager and into a plain map it was given. */
    public static class MutateMaps implements ProcessTask {
        @Override
        public void run(Object... args) {
            SharedMap<String, Object> config = Manager.inherited().map("config");
            config.put("mode", "fast");
            config.put("workers", 4);
            @SuppressWarnings("unchecked")
            Map<String, Integer> plain = (Map<String, Integer>) config.get("plain");
            plain.put("a", 1);
            @SuppressWarnings("unchecked")
            Map<String, Integer> copy = (Map<String, Integer>) args[0];
            copy.put("b", 2);
        }
    }

    @Test
    void childChangesToANamedMapAreSeenByTheParentButPlainMapsAreCopies() throws InterruptedException {
        SharedMap<String, Object> config = manager.map("config");
        config.put("plain", new HashMap<>(Map.of("a", 0)));
        Map<String, Integer> local = new HashMap<>(Map.of("b", 0));

        assertThat(start(MutateMaps.class, local).join()).isZero();

        assertThat(config).containsEntry("mode", "fast").containsEntry("workers", 4);
        assertThat(config.get("plain")).isEqualTo(Map.of("a", 0));
        assertThat(local).isEqualTo(Map.of("b", 0));
    }

    /** Prints a line on stdout. */
    public static class Hello implements ProcessTask {
        @Override
        public void run(Object... args) {
            System.out.println("hello from " + args[0]);
        }
    }

    @Test
    void childOutputShowsInTheParentsOutput() throws InterruptedException {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThat(start(Hello.class, "the child").join()).isZero();
        } finally {
            System.setOut(original);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("hello from the child");
    }

    /** Throws. */
    public static class Fail implements ProcessTask {
        @Override
        public void run(Object... args) {
            throw new IllegalStateException("task failed on purpose");
        }
    }

    @Test
    void taskThatThrowsExitsWithStatusOneAndPrintsItsStackTrace() throws InterruptedException {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        ManagedProcess process;
        try {
            process = start(Fail.class);
            assertThat(process.join()).isEqualTo(1);
        } finally {
            System.setErr(original);
        }
        assertThat(process.exitCode()).hasValue(1);
        assertThat(process.isAlive()).isFalse();
        assertThat(captured.toString(StandardCharsets.UTF_8))
                .contains("IllegalStateException: task failed on purpose")
                .contains("at io.managedobjects.ManagedProcessTest$Fail.run");
    }

    @Test
    void inheritedOutsideAChildProcessThrows() {
        assertThatThrownBy(Manager::inherited).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("only in a child process started by Manager.process");
    }

    @Test
    void processNeedsAPublicNoArgumentConstructorAndCannotStartTwice() throws InterruptedException {
        ManagedProcess process = start(Hello.class, "twice");
        assertThatThrownBy(process::start).isInstanceOf(IllegalStateException.class);
        assertThat(process.join()).isZero();
        assertThatThrownBy(() -> manager.process(NoDefaultConstructor.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("public no-argument constructor");
    }

    /** Cannot be instantiated by a child. */
    public static class NoDefaultConstructor implements ProcessTask {
        public NoDefaultConstructor(String ignored) {
        }

        @Override
        public void run(Object... args) {
        }
    }
}
