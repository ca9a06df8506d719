package io.managedobjects.demo;

import io.managedobjects.ManagedProcess;
import io.managedobjects.Manager;
import io.managedobjects.PoolTask;
import io.managedobjects.ProcessTask;
import io.managedobjects.SharedBarrier;
import io.managedobjects.SharedList;
import io.managedobjects.SharedLock;
import io.managedobjects.SharedNamespace;
import io.managedobjects.SharedPool;
import io.managedobjects.SharedQueue;
import io.managedobjects.autoconfigure.ManagedObjectsConnection;
import io.managedobjects.autoconfigure.ManagedObjectsProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * The five classic scenarios of Python's manager tutorials, run at startup across real child JVMs and
 * printed the way the tutorials print them.
 */
@Component
public class ClassicScenarios implements ApplicationRunner {

    private final Manager manager;
    private final int workers;
    private final boolean enabled;

    /**
     * Creates the scenarios.
     *
     * @param manager the auto-configured manager
     * @param workers worker processes of the first scenario ({@code demo.workers})
     * @param enabled whether to run them ({@code demo.scenarios}, default true)
     * @param connection the connection settings: a second instance joining as a client skips the scenarios
     */
    public ClassicScenarios(Manager manager, @Value("${demo.workers:50}") int workers,
            @Value("${demo.scenarios:true}") boolean enabled, ManagedObjectsConnection connection) {
        this.manager = manager;
        this.workers = workers;
        this.enabled = enabled && connection.mode() != ManagedObjectsProperties.Mode.CLIENT;
    }

    @Override
    public void run(ApplicationArguments args) throws InterruptedException, ExecutionException {
        if (!enabled) {
            return;
        }
        sharedList();
        nestedObjects();
        namespacePitfall();
        customClass();
        poolSharingALock();
    }

    private List<ManagedProcess> start(Class<? extends ProcessTask> task, int count, Object... args) {
        List<ManagedProcess> processes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Object[] withIndex = new Object[args.length + 1];
            System.arraycopy(args, 0, withIndex, 0, args.length);
            withIndex[args.length] = i;
            processes.add(manager.process(task, withIndex).start());
        }
        return processes;
    }

    private static void joinAll(List<ManagedProcess> processes) throws InterruptedException {
        for (ManagedProcess process : processes) {
            process.join();
        }
    }

    // 1. shared list

    /** Appends {@code (i, random)} after a random pause. */
    public static class AppendWorker implements ProcessTask {
        @Override
        @SuppressWarnings("unchecked")
        public void run(Object... args) throws InterruptedException {
            Thread.sleep(ThreadLocalRandom.current().nextInt(1000));
            ((SharedList<Object>) args[0]).add(List.of(args[1], ThreadLocalRandom.current().nextDouble()));
        }
    }

    private void sharedList() throws InterruptedException {
        System.out.println("== 1. A shared list: " + workers + " worker processes each append (i, random)");
        SharedList<List<Object>> list = manager.list("scenario-1-list");
        list.clear();
        joinAll(start(AppendWorker.class, workers, list));
        System.out.println("List: " + list.size());
    }

    // 2. nested shared objects

    /** Sets a=1, b=2, c=3 in the map at index 0 of the list it gets. */
    public static class SetThroughTheList implements ProcessTask {
        @Override
        @SuppressWarnings("unchecked")
        public void run(Object... args) {
            Map<String, Integer> inner = (Map<String, Integer>) ((List<Object>) args[0]).get(0);
            inner.put("a", 1);
            inner.put("b", 2);
            inner.put("c", 3);
        }
    }

    private void nestedObjects() throws InterruptedException {
        System.out.println("== 2. Nested shared objects: a shared map inside a shared list, changed by a child process");
        Map<String, Integer> zeros = new LinkedHashMap<>(Map.of("a", 0));
        zeros.put("b", 0);
        zeros.put("c", 0);
        SharedList<Object> list = manager.list("scenario-2-nested");
        list.clear();
        list.add(manager.map(zeros));
        System.out.println("Main Before: " + list.get(0));
        joinAll(start(SetThroughTheList.class, 1, list));
        System.out.println("Main After: " + list.get(0));

        System.out.println("-- the pitfall: a plain map inside a shared list is a copy");
        SharedList<Object> plain = manager.list("scenario-2-plain");
        plain.clear();
        plain.add(new LinkedHashMap<>(zeros));
        System.out.println("Main Before: " + plain.get(0));
        joinAll(start(SetThroughTheList.class, 1, plain));
        System.out.println("Main After: " + plain.get(0));
    }

    // 3. namespace pitfall and its fixes

    /** Appends to the namespace's plain list (a copy), then assigns back, then appends to a shared list. */
    public static class ChangeNamespace implements ProcessTask {
        @Override
        @SuppressWarnings("unchecked")
        public void run(Object... args) {
            SharedNamespace ns = (SharedNamespace) args[0];
            String step = (String) args[1];
            switch (step) {
                case "mutate-copy" -> ((List<Object>) ns.get("items")).add("x");
                case "assign-back" -> {
                    List<Object> items = (List<Object>) ns.get("items");
                    items.add("x");
                    ns.set("items", items);
                }
                default -> ((SharedList<Object>) ns.get("shared")).add("y");
            }
        }
    }

    private void namespacePitfall() throws InterruptedException {
        System.out.println("== 3. A namespace holding a plain list: mutating it does not propagate; assigning back or nesting a shared list does");
        SharedNamespace ns = manager.namespace("scenario-3-namespace");
        ns.set("items", new ArrayList<>());
        ns.set("shared", manager.list());
        joinAll(List.of(manager.process(ChangeNamespace.class, ns, "mutate-copy").start()));
        System.out.println("After the child mutated its copy: items=" + ns.get("items"));
        joinAll(List.of(manager.process(ChangeNamespace.class, ns, "assign-back").start()));
        System.out.println("After the child assigned it back: items=" + ns.get("items"));
        joinAll(List.of(manager.process(ChangeNamespace.class, ns, "shared-list").start()));
        System.out.println("After the child appended to a nested shared list: shared=" + ns.get("shared"));
    }

    // 4. a custom class

    /** Calls task() on the hosted instance. */
    public static class CallTask implements ProcessTask {
        @Override
        public void run(Object... args) throws InterruptedException {
            System.out.println("child " + args[1] + " task() = " + ((MyCustomClass) args[0]).task());
        }
    }

    private void customClass() throws InterruptedException {
        System.out.println("== 4. A custom class hosted by the manager: task() called by main and 4 children");
        MyCustomClass custom = manager.create(MyCustomClass.class, 10);
        List<ManagedProcess> children = start(CallTask.class, 4, custom);
        System.out.println("main task() = " + custom.task());
        joinAll(children);
        List<List<Object>> storage = custom.getStorage();
        System.out.println("Storage: " + storage.size() + " tuples");
        storage.forEach(tuple -> System.out.println("  " + tuple));
    }

    // 5. a pool of workers sharing a lock, a list and a queue

    /**
     * Appends {@code "pid <pid> item <n>"} to the shared list under the shared lock, puts {@code n * n} on the
     * shared queue and returns its pid. Items 0 and 1 first wait for each other at the barrier, so both
     * workers are seen running tasks however far apart their JVMs start.
     */
    public static class LockedAppend implements PoolTask<Long> {
        @Override
        @SuppressWarnings("unchecked")
        public Long call(Object... args) throws Exception {
            SharedLock lock = (SharedLock) args[0];
            SharedList<String> entries = (SharedList<String>) args[1];
            SharedQueue<Integer> results = (SharedQueue<Integer>) args[2];
            SharedBarrier bothWorkers = (SharedBarrier) args[3];
            int item = (Integer) args[4];
            long pid = ProcessHandle.current().pid();
            if (item < 2) {
                bothWorkers.await(Duration.ofMinutes(2));
            }
            lock.lock();
            try {
                entries.add("pid " + pid + " item " + item);
            } finally {
                lock.unlock();
            }
            results.put(item * item);
            return pid;
        }
    }

    private void poolSharingALock() throws InterruptedException, ExecutionException {
        System.out.println("== 5. A pool of 2 worker processes sharing a lock, a list and a queue: 8 tasks each append "
                + "\"pid <pid> item <n>\" under the lock and put n*n on the queue");
        SharedLock lock = manager.lock();
        SharedList<String> entries = manager.list("scenario-5-list");
        entries.clear();
        SharedQueue<Integer> results = manager.queue();
        SharedBarrier bothWorkers = manager.barrier(2);
        Set<Long> pids = new TreeSet<>();
        // named, and kept: the live page and the actuator show its workers and counts while the demo runs
        SharedPool pool = manager.pool("scenario-5-pool", 2);
        List<CompletableFuture<Long>> tasks = new ArrayList<>();
        for (int item = 0; item < 8; item++) {
            tasks.add(pool.submit(LockedAppend.class, lock, entries, results, bothWorkers, item));
        }
        for (CompletableFuture<Long> task : tasks) {
            pids.add(task.get());
        }
        List<String> appended = List.copyOf(entries);
        appended.forEach(entry -> System.out.println("  " + entry));
        List<Integer> items = appended.stream().map(entry -> Integer.parseInt(entry.substring(entry.lastIndexOf(' ') + 1)))
                .sorted().toList();
        List<Integer> drained = new ArrayList<>();
        results.drainTo(drained);
        Collections.sort(drained);
        System.out.println("Pool worker pids: " + pids + " (app pid " + ProcessHandle.current().pid() + ", server pid "
                + manager.info().server().pid() + ")");
        System.out.println("Items: " + items);
        System.out.println("Queue: " + drained.size() + " results " + drained + ", " + results.size() + " left");
    }
}
