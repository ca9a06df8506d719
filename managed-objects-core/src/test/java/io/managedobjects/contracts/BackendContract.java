package io.managedobjects.contracts;

import io.managedobjects.ManagedProcess;
import io.managedobjects.Manager;
import io.managedobjects.ProcessTask;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * The base of a backend-neutral test class: the same tests run against every backend, one subclass per backend
 * naming how to connect its manager and what it offers. What a backend does not offer is skipped, saying so.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class BackendContract {

    /** The manager of the backend under test, for the whole class. */
    protected Manager manager;

    /** Threads of this process for a test, stopped after it (one instance serves the whole class: a pool per test). */
    protected ExecutorService threads;

    /** The child processes a test started with {@link #start}, killed after it. */
    private final List<ManagedProcess> children = new ArrayList<>();

    /**
     * Connects (or starts) the backend's manager: by default a forked manager server ({@code Manager.start()}); a
     * subclass for another backend connects to it.
     *
     * @return the manager
     */
    protected Manager connect() {
        return Manager.start();
    }

    /**
     * Whether {@code manager.process(...)} starts child processes on this backend (every backend does today).
     *
     * @return true if it does
     */
    protected boolean startsProcesses() {
        return true;
    }

    @BeforeAll
    void openManager() {
        manager = connect();
    }

    @AfterAll
    void closeManager() {
        if (manager != null) {
            manager.close();
        }
    }

    /** Skips the test, saying why, on a backend that does not start child processes. */
    protected void assumeProcesses() {
        Assumptions.assumeTrue(startsProcesses(), "not on this backend: process(...) starts no child processes here");
    }

    @BeforeEach
    void startThreads() {
        threads = Executors.newCachedThreadPool();
    }

    @AfterEach
    void stopThreadsAndChildren() {
        threads.shutdownNow();
        children.forEach(ManagedProcess::kill);
        children.clear();
    }

    /**
     * The result of a test's thread, waited for at most 60 s.
     *
     * @param future the thread's future
     * @param <T> the result's type
     * @return its result
     * @throws Exception what it threw (wrapped), or a timeout
     */
    protected static <T> T within(Future<T> future) throws Exception {
        return future.get(60, TimeUnit.SECONDS);
    }

    /**
     * Starts a child process, killed after the test whatever happens.
     *
     * @param task the task
     * @param args its arguments
     * @return the started process
     */
    protected ManagedProcess start(Class<? extends ProcessTask> task, Object... args) {
        ManagedProcess child = manager.process(task, args);
        children.add(child);
        return child.start();
    }
}
