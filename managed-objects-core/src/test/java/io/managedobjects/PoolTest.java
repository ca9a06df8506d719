package io.managedobjects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Python's {@code Manager().Pool(n)}: worker JVMs started by the manager server, used from any process. */
class PoolTest {

    private static final byte[] KEY = "pool-test-key-0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private static Manager manager;
    private static SharedPool shared;
    /** The worker pids of the pools a test made for itself: killed after it, whatever happened (never the shared pool's). */
    private final Set<Long> pids = new HashSet<>();

    @BeforeAll
    static void start() {
        manager = Manager.start();
        shared = manager.pool(2);
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    @AfterEach
    void killWorkersSeen() {
        pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    // ---- tasks ----

    /** Squares its item. */
    public static final class Square implements PoolFunction<Integer, Integer> {
        @Override
        public Integer apply(Integer item) {
            return item * item;
        }
    }

    /** The pid of the worker that runs it. */
    public static final class Pid implements PoolTask<Long> {
        @Override
        public Long call(Object... args) {
            return ProcessHandle.current().pid();
        }
    }

    /** Returns the options its worker JVM was started with. */
    public static final class JvmOptions implements PoolTask<List<String>> {
        @Override
        public List<String> call(Object... args) {
            return new java.util.ArrayList<>(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
        }
    }

    /** Returns its first argument. */
    public static final class Echo implements PoolTask<Object> {
        @Override
        public Object call(Object... args) {
            return args[0];
        }
    }

    /** A user's checked exception, rebuilt on the caller's side as its own type. */
    public static final class TaskFailed extends Exception {
        private static final long serialVersionUID = 1L;

        /** @param message the message */
        public TaskFailed(String message) {
            super(message);
        }
    }

    /** Throws {@link TaskFailed} with its argument as the message. */
    public static final class Fail implements PoolTask<Object> {
        @Override
        public Object call(Object... args) throws TaskFailed {
            throw new TaskFailed((String) args[0]);
        }
    }

    /** Throws {@link TaskFailed} with a message of as many characters as its argument says. */
    public static final class FailLong implements PoolTask<Object> {
        @Override
        public Object call(Object... args) throws TaskFailed {
            throw new TaskFailed("m".repeat((Integer) args[0]));
        }
    }

    /** Fails on item 3, squares the others. */
    public static final class FailOnThree implements PoolFunction<Integer, Integer> {
        @Override
        public Integer apply(Integer item) throws TaskFailed {
            if (item == 3) {
                throw new TaskFailed("three");
            }
            return item * item;
        }
    }

    /** Puts its worker's pid into the queue it is given, then waits for the event; returns the pid. */
    public static final class Hold implements PoolTask<Long> {
        @Override
        @SuppressWarnings("unchecked")
        public Long call(Object... args) throws InterruptedException {
            long pid = ProcessHandle.current().pid();
            ((SharedQueue<Long>) args[0]).put(pid);
            ((SharedEvent) args[1]).await();
            return pid;
        }
    }

    /** Leaves its thread's interrupt status set, as code that restores an interrupt does, and returns normally. */
    public static final class RestoresInterrupt implements PoolTask<String> {
        @Override
        public String call(Object... args) {
            Thread.currentThread().interrupt();
            return "done";
        }
    }

    /** Returns its item. */
    public static final class Identity implements PoolFunction<String, String> {
        @Override
        public String apply(String item) {
            return item;
        }
    }

    /** Returns a string of as many characters as its argument says. */
    public static final class Sized implements PoolTask<String> {
        @Override
        public String call(Object... args) {
            return "x".repeat((Integer) args[0]);
        }
    }

    /** Ends its worker's JVM with {@code System.exit(7)}. */
    public static final class Exit implements PoolTask<Object> {
        @Override
        public Object call(Object... args) {
            System.exit(7);
            return null;
        }
    }

    /** An item {@code [n, event or null]}: waits for the event if there is one, then returns n. */
    public static final class Gated implements PoolFunction<List<Object>, Integer> {
        @Override
        public Integer apply(List<Object> item) throws InterruptedException {
            if (item.get(1) instanceof SharedEvent gate) {
                gate.await();
            }
            return (Integer) item.get(0);
        }
    }

    /** Appends {@code n} to the shared list under the shared lock, and counts it in the inherited manager. */
    public static final class AppendUnderLock implements PoolTask<Integer> {
        @Override
        @SuppressWarnings("unchecked")
        public Integer call(Object... args) {
            SharedLock lock = (SharedLock) args[0];
            SharedList<Integer> list = (SharedList<Integer>) args[1];
            lock.lock();
            try {
                list.add((Integer) args[2]);
            } finally {
                lock.unlock();
            }
            Manager.inherited().atomicLong("pool-test-appends").incrementAndGet();
            return (Integer) args[2];
        }
    }

    /** Submits to the pool it is given from a child process, and records the results. */
    public static final class SubmitFromChild implements ProcessTask {
        @Override
        @SuppressWarnings("unchecked")
        public void run(Object... args) throws Exception {
            SharedPool pool = (SharedPool) args[0];
            SharedList<Object> results = (SharedList<Object>) args[1];
            results.add(pool.submit(Echo.class, "from child").get(60, TimeUnit.SECONDS));
            results.add(pool.map(Square.class, List.of(1, 2, 3)));
        }
    }

    // ---- helpers ----

    @SuppressWarnings("unchecked")
    private List<Long> workerPids(Manager m, SharedPool pool) {
        List<Map<String, Object>> workers = (List<Map<String, Object>>) Conditions.state(m, pool, "workers");
        List<Long> found = new ArrayList<>();
        if (workers != null) {
            for (Map<String, Object> worker : workers) {
                if (worker.get("pid") instanceof Number pid && !"starting".equals(worker.get("state"))) {
                    found.add(pid.longValue());
                }
            }
        }
        return found;
    }

    private List<Long> awaitReadyWorkers(Manager m, SharedPool pool, int count) {
        Conditions.await(count + " ready workers", () -> workerPids(m, pool).size() == count);
        return workerPids(m, pool);
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    // ---- specifications ----

    @Test
    void mapOverAThousandItemsReturnsEveryResultInInputOrder() throws Exception {
        List<Integer> items = IntStream.range(0, 1000).boxed().toList();
        List<Integer> squares = shared.map(Square.class, items);
        assertThat(squares).containsExactlyElementsOf(items.stream().map(i -> i * i).toList());
        assertThat(shared.map(Square.class, List.of())).isEmpty();
    }

    @Test
    void tasksRunInWorkerJvmsThatAreNeitherThisProcessNorTheServer() throws Exception {
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            seen.add(shared.apply(Pid.class));
        }
        assertThat(seen).doesNotContain(ProcessHandle.current().pid(), manager.info().server().pid());
        assertThat(shared.processes()).isEqualTo(2);
    }

    @Test
    void workersDoNotInheritTheHeapDefaultsOfTheServerThatStartsThem() throws Exception {
        assertThat(ProcessHandle.of(manager.info().server().pid()).orElseThrow().info().arguments().map(List::of).orElseThrow())
                .contains("-XX:+UseSerialGC", "-Xms8m");
        assertThat(shared.apply(JvmOptions.class)).doesNotContain("-XX:+UseSerialGC", "-Xms8m");
    }

    @Test
    void aChildProcessSubmitsToAPoolItWasGiven() throws Exception {
        SharedList<Object> results = manager.list();
        ManagedProcess child = manager.process(SubmitFromChild.class, shared, results).start();
        try {
            assertThat(child.join(Duration.ofMinutes(2))).isTrue();
            assertThat(child.exitCode()).hasValue(0);
        } finally {
            child.kill();
        }
        assertThat(new ArrayList<>(results)).containsExactly("from child", List.of(1, 4, 9));
    }

    @Test
    void workersShareObjectsPassedAsArgumentsAndReachTheirInheritedManager() throws Exception {
        SharedLock lock = manager.lock();
        SharedList<Integer> list = manager.list();
        List<CompletableFuture<Integer>> futures = new ArrayList<>();
        long before = manager.atomicLong("pool-test-appends").get();
        for (int i = 0; i < 20; i++) {
            futures.add(shared.submit(AppendUnderLock.class, lock, list, i));
        }
        for (int i = 0; i < 20; i++) {
            assertThat(futures.get(i).get(60, TimeUnit.SECONDS)).isEqualTo(i);
        }
        assertThat(new ArrayList<>(list)).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 20).boxed().toList());
        assertThat(manager.atomicLong("pool-test-appends").get()).isEqualTo(before + 20);
    }

    @Test
    void imapUnorderedYieldsResultsAsTheyFinishWhileMapKeepsInputOrder() throws Exception {
        SharedPool pool = manager.pool(2);
        try {
            SharedEvent gate = manager.event();
            List<List<Object>> items = new ArrayList<>();
            items.add(java.util.Arrays.asList(0, gate));
            items.add(java.util.Arrays.asList(1, null));
            Iterator<Integer> unordered = pool.imapUnordered(Gated.class, items);
            // item 0 waits for the gate, which opens only once item 1's result is here
            assertThat(unordered.next()).isEqualTo(1);
            gate.set();
            assertThat(unordered.next()).isEqualTo(0);
            assertThat(unordered.hasNext()).isFalse();
            assertThatThrownBy(unordered::next).isInstanceOf(java.util.NoSuchElementException.class);

            List<List<Object>> ordered = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                ordered.add(java.util.Arrays.asList(i, null));
            }
            assertThat(pool.map(Gated.class, ordered)).containsExactlyElementsOf(IntStream.range(0, 50).boxed().toList());
        } finally {
            pool.terminate();
        }
    }

    @Test
    void whatIsChainedToAFutureMayUseThePoolAgain() throws Exception {
        CompletableFuture<List<Integer>> chained = shared.submit(Echo.class, 1).thenApply(ignored -> {
            try {
                return shared.map(Square.class, List.of(2, 3));
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        assertThat(chained.get(60, TimeUnit.SECONDS)).containsExactly(4, 9);
    }

    @Test
    void aThrowingTaskFailsWithItsOwnExceptionTypeAndTheWorkerSideTrace() {
        CompletableFuture<Object> future = shared.submit(Fail.class, "bad input");
        assertThatThrownBy(future::get).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(TaskFailed.class).hasMessage("bad input")
                .satisfies(cause -> assertThat(cause.getSuppressed()).singleElement().isInstanceOf(RemoteException.class)
                        .satisfies(trace -> assertThat(trace.getStackTrace()).anyMatch(frame -> frame.getClassName().equals(Fail.class.getName()))));
        assertThatThrownBy(() -> shared.apply(Fail.class, "again")).isInstanceOf(ExecutionException.class).cause().isInstanceOf(TaskFailed.class);
        assertThatThrownBy(() -> shared.map(FailOnThree.class, List.of(1, 2, 3, 4))).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(TaskFailed.class).hasMessage("three");
        Iterator<Integer> results = shared.imapUnordered(FailOnThree.class, List.of(3));
        assertThatThrownBy(results::next).isInstanceOf(CompletionException.class).cause().isInstanceOf(TaskFailed.class);
    }

    @Test
    void aWorkerKilledMidTaskFailsThatTaskNamingItsPidAndIsReplaced() throws Exception {
        SharedPool pool = manager.pool(2);
        try {
            List<Long> first = awaitReadyWorkers(manager, pool, 2);
            pids.addAll(first);
            SharedQueue<Long> started = manager.queue();
            SharedEvent never = manager.event();
            CompletableFuture<Long> held = pool.submit(Hold.class, started, never);
            Long pid = started.poll(60, TimeUnit.SECONDS);
            assertThat(pid).isNotNull().isIn(first);
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();

            assertThatThrownBy(() -> held.get(60, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("pid " + pid).hasMessageContaining("killed by signal 9 (SIGKILL)");
            assertThat(pool.map(Square.class, List.of(1, 2, 3, 4))).containsExactly(1, 4, 9, 16);
            Conditions.await("a replacement worker", () -> {
                List<Long> now = workerPids(manager, pool);
                pids.addAll(now);
                return now.size() == 2 && !now.contains(pid);
            });

            CompletableFuture<Object> exiting = pool.submit(Exit.class);
            assertThatThrownBy(() -> exiting.get(60, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("exited with status 7");
            assertThat(pool.apply(Echo.class, "still working")).isEqualTo("still working");
            awaitReadyWorkers(manager, pool, 2);
        } finally {
            pool.terminate();
        }
    }

    @Test
    void itemsAndResultsLargerTogetherThanAFrameGoInPartsAndAResultAboveItFailsAlone() throws Exception {
        try (Manager small = Manager.builder().maxFrameBytes(64 * 1024).start()) {
            SharedPool pool = small.pool(2);
            List<String> items = IntStream.range(0, 300).mapToObj(i -> i + ":" + "y".repeat(2000)).toList();
            assertThat(pool.map(Identity.class, items)).containsExactlyElementsOf(items);
            pids.addAll(workerPids(small, pool));
            assertThatThrownBy(() -> pool.apply(Sized.class, 100_000)).isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("cannot be sent back").hasMessageContaining("frame limit");
            assertThat(pool.apply(Sized.class, 10)).isEqualTo("x".repeat(10));

            // a task's exception too large to send keeps its type and the start of its message
            assertThatThrownBy(() -> pool.apply(FailLong.class, 100_000)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(TaskFailed.class).hasMessageStartingWith("mmm").hasMessageContaining("cut: above the frame limit");

            // one item above the frame limit fails alone; the others run
            String big = "z".repeat(100_000);
            assertThatThrownBy(() -> pool.map(Identity.class, List.of("small", big))).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(ManagerException.class).hasMessageContaining("above the frame limit");
            Iterator<String> each = pool.imapUnordered(Identity.class, List.of(big, "ok"));
            List<Object> seen = new ArrayList<>();
            while (each.hasNext()) {
                try {
                    seen.add(each.next());
                } catch (CompletionException e) {
                    seen.add(e.getCause().getClass());
                }
            }
            assertThat(seen).containsExactlyInAnyOrder("ok", io.managedobjects.internal.client.RequestTooLargeException.class);
        }
    }

    @Test
    void aTaskThatLeavesItsInterruptStatusSetReturnsItsResultAndKeepsItsWorker() throws Exception {
        SharedPool pool = manager.pool(1);
        try {
            long worker = pool.apply(Pid.class);
            pids.add(worker);
            assertThat(pool.apply(RestoresInterrupt.class)).isEqualTo("done");
            assertThat(pool.map(Square.class, List.of(2, 3))).containsExactly(4, 9);
            assertThat(pool.apply(Pid.class)).isEqualTo(worker);
        } finally {
            pool.terminate();
        }
    }

    @Test
    void aFrozenWorkerIsKilledOnceItsSessionTimesOutItsTaskFailsAndTheNextOneRuns() throws Exception {
        try (ManagerServer server = ManagerServer.builder().authKey(KEY).sessionTimeout(Duration.ofSeconds(2)).build().start();
                Manager client = Manager.connect(server.address(), KEY)) {
            SharedPool pool = client.pool(1);
            SharedQueue<Long> started = client.queue();
            CompletableFuture<Long> held = pool.submit(Hold.class, started, client.event());
            Long pid = started.poll(60, TimeUnit.SECONDS);
            assertThat(pid).isNotNull();
            pids.add(pid);
            Process stop = new ProcessBuilder("kill", "-STOP", Long.toString(pid)).start();
            assertThat(stop.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(stop.exitValue()).isZero();

            assertThatThrownBy(() -> held.get(60, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("pid " + pid).hasMessageContaining("lost its connection");
            assertThat(pool.apply(Echo.class, "after")).isEqualTo("after");
            assertThat(alive(pid)).isFalse();
        }
    }

    @Test
    void terminateKillsTheWorkersAtOnceAndFailsUnfinishedTasks() throws Exception {
        SharedPool pool = manager.pool(2);
        SharedQueue<Long> started = manager.queue();
        SharedEvent never = manager.event();
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            futures.add(pool.submit(Hold.class, started, never));
        }
        List<Long> running = List.of(started.poll(60, TimeUnit.SECONDS), started.poll(60, TimeUnit.SECONDS));
        pids.addAll(running);
        pool.terminate();
        for (CompletableFuture<Long> future : futures) {
            assertThatThrownBy(() -> future.get(60, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("terminated");
        }
        pool.join();
        assertThat(running).noneMatch(PoolTest::alive);
        assertThatThrownBy(() -> pool.submit(Pid.class)).isInstanceOf(IllegalStateException.class).hasMessageContaining("terminated");
    }

    @Test
    void closeThenJoinLetsQueuedTasksFinishAndTheWorkersExit() throws Exception {
        // one worker, replaced after every 2 tasks: most of the queued tasks run on workers started after close()
        SharedPool pool = manager.pool(PoolOptions.processes(1).maxTasksPerWorker(2));
        try {
            assertThatThrownBy(pool::join).isInstanceOf(IllegalStateException.class).hasMessageContaining("still running");
            List<CompletableFuture<Long>> futures = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                futures.add(pool.submit(Pid.class));
            }
            pool.close();
            assertThatThrownBy(() -> pool.submit(Pid.class)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
            pool.join();
            List<Long> ran = new ArrayList<>();
            for (CompletableFuture<Long> future : futures) {
                ran.add(future.get(60, TimeUnit.SECONDS));
            }
            pids.addAll(ran);
            assertThat(new HashSet<>(ran)).hasSizeGreaterThanOrEqualTo(4)
                    .allSatisfy(pid -> assertThat(ran.stream().filter(pid::equals).count()).isLessThanOrEqualTo(2));
            Conditions.await("the workers to exit", () -> ran.stream().noneMatch(PoolTest::alive));
        } finally {
            pool.terminate();
        }
    }

    /** The pid of the worker that runs it, for any item. */
    public static final class PidOf implements PoolFunction<Integer, Long> {
        @Override
        public Long apply(Integer item) {
            return ProcessHandle.current().pid();
        }
    }

    @Test
    void maxTasksPerWorkerReplacesEachWorkerAfterThatManyTasks() throws Exception {
        SharedPool pool = manager.pool(PoolOptions.processes(1).maxTasksPerWorker(2));
        try {
            List<Long> ran = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                ran.add(pool.apply(Pid.class));
            }
            pids.addAll(ran);
            assertThat(ran.get(0)).isEqualTo(ran.get(1));
            assertThat(ran.get(2)).isEqualTo(ran.get(3));
            assertThat(ran.get(4)).isEqualTo(ran.get(5));
            assertThat(new HashSet<>(ran)).hasSize(3);

            // short map items go to a worker in chunks: never more than its limit
            List<Long> mapped = pool.map(PidOf.class, IntStream.range(0, 12).boxed().toList());
            pids.addAll(mapped);
            assertThat(new HashSet<>(mapped)).hasSizeGreaterThanOrEqualTo(6)
                    .allSatisfy(pid -> assertThat(mapped.stream().filter(pid::equals).count()).isLessThanOrEqualTo(2));
        } finally {
            pool.terminate();
        }
    }

    @Test
    void aWorkerThatDoesNotStartInTimeFailsTheWaitingTasksNamingTheSetting() {
        SharedPool pool = manager.pool(PoolOptions.processes(1).workerStartTimeout(Duration.ofMillis(1)));
        try {
            assertThatThrownBy(() -> pool.apply(Pid.class)).isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("did not start within 1 ms").hasMessageContaining("workerStartTimeout");
        } finally {
            pool.terminate();
        }
    }

    @Test
    void aNamedPoolIsGetOrCreateAndRefusesAnotherNumberOfProcesses() {
        SharedPool first = manager.pool("pool-test-named", 1);
        try {
            assertThat(manager.pool("pool-test-named", 1).sharedId()).isEqualTo(first.sharedId());
            assertThatThrownBy(() -> manager.pool("pool-test-named", 3)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("1 processes").hasMessageContaining("not 3");
        } finally {
            manager.destroy(first);
        }
    }

    @Test
    void destroyingThePoolStopsItsWorkers() throws Exception {
        SharedPool pool = manager.pool(2);
        List<Long> workers = awaitReadyWorkers(manager, pool, 2);
        pids.addAll(workers);
        manager.destroy(pool);
        Conditions.await("the workers to exit", () -> workers.stream().noneMatch(PoolTest::alive));
    }

    @Test
    void noWorkerOutlivesAKilledServer() throws Exception {
        Manager own = Manager.start();
        try {
            SharedPool pool = own.pool(2);
            List<Long> workers = awaitReadyWorkers(own, pool, 2);
            pids.addAll(workers);
            long server = own.info().server().pid();
            pids.add(server);
            ProcessHandle.of(server).orElseThrow().destroyForcibly();
            Conditions.await("the workers to exit after the server was killed", () -> workers.stream().noneMatch(PoolTest::alive));
        } finally {
            own.close();
        }
    }

    @Test
    void aPoolOfAnEmbeddedServerWorksToo() throws Exception {
        try (ManagerServer server = ManagerServer.builder().address("tcp://0.0.0.0:0").authKey(KEY).build().start();
                Manager client = Manager.connect(server.address(), KEY)) {
            SharedPool pool = client.pool(1);
            assertThat(pool.map(Square.class, List.of(5, 6))).containsExactly(25, 36);
            pids.addAll(workerPids(client, pool));
        }
    }

    @Test
    void classesThatCannotRunInAWorkerAreRefusedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> shared.submit(Hidden.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not public").hasMessageContaining("public no-argument constructor");
        assertThatThrownBy(() -> shared.submit(NoDefaultConstructor.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no public no-argument constructor");
    }

    @Test
    void thePoolShowsItsWorkersQueueAndCountsInInfo() throws Exception {
        shared.map(Square.class, List.of(1, 2, 3));
        awaitReadyWorkers(manager, shared, 2);
        ObjectInfo info = manager.info().objects().stream().filter(o -> o.id().equals(shared.sharedId())).findFirst().orElseThrow();
        assertThat(info.type()).isEqualTo("pool");
        assertThat(info.size()).isZero();
        assertThat(info.state()).containsEntry("processes", 2).containsEntry("queued", 0).containsEntry("state", "running")
                .containsKeys("completed", "failed", "workers", "running");
        assertThat(((Number) info.state().get("completed")).longValue()).isGreaterThanOrEqualTo(3);
    }

    /** Not public: cannot be instantiated in a worker. */
    static final class Hidden implements PoolTask<Object> {
        @Override
        public Object call(Object... args) {
            return null;
        }
    }

    /** No no-argument constructor. */
    public static final class NoDefaultConstructor implements PoolTask<Object> {
        private final int x;

        /** @param x anything */
        public NoDefaultConstructor(int x) {
            this.x = x;
        }

        @Override
        public Object call(Object... args) {
            return x;
        }
    }
}
