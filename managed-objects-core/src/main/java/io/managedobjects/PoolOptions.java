package io.managedobjects;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link SharedPool} runs its workers: Python's {@code Pool(processes, maxtasksperchild=...)}.
 * Immutable; start from {@link #processes(int)}.
 *
 * @param processes the number of worker JVMs, or 0 for the number of processors of the manager server (Python's
 *     {@code Pool()} default)
 * @param maxTasksPerWorker replace a worker after it ran this many tasks (Python's {@code maxtasksperchild});
 *     0 keeps workers for the pool's whole life
 * @param workerStartTimeout how long a new worker JVM may take to start and connect; a worker that does not
 *     make it in time is killed, and the tasks waiting for it fail with a message naming this setting
 */
public record PoolOptions(int processes, int maxTasksPerWorker, Duration workerStartTimeout) {

    /** The default worker start timeout: 60 seconds, generous for a loaded machine. */
    public static final Duration DEFAULT_WORKER_START_TIMEOUT = Duration.ofSeconds(60);

    /**
     * Checks the options.
     *
     * @param processes the number of worker JVMs
     * @param maxTasksPerWorker tasks before a worker is replaced, or 0
     * @param workerStartTimeout how long a worker may take to start
     * @throws IllegalArgumentException naming the value that is out of range
     */
    public PoolOptions {
        if (processes < 0) {
            throw new IllegalArgumentException("A pool needs 1 or more processes (0: one per processor of the server), was "
                    + processes);
        }
        if (maxTasksPerWorker < 0) {
            throw new IllegalArgumentException("maxTasksPerWorker must be 0 (no limit) or positive, was " + maxTasksPerWorker);
        }
        Objects.requireNonNull(workerStartTimeout, "workerStartTimeout");
        if (workerStartTimeout.isNegative() || workerStartTimeout.isZero()) {
            throw new IllegalArgumentException("workerStartTimeout must be positive, was " + workerStartTimeout);
        }
    }

    /**
     * Options for a pool of {@code processes} workers, kept for the pool's life, with the default start timeout.
     *
     * @param processes the number of worker JVMs, or 0 for one per processor of the manager server
     * @return the options
     */
    public static PoolOptions processes(int processes) {
        return new PoolOptions(processes, 0, DEFAULT_WORKER_START_TIMEOUT);
    }

    /**
     * Replaces each worker after it ran {@code tasks} tasks (Python's {@code maxtasksperchild}): a fresh JVM
     * frees what a task leaked.
     *
     * @param tasks tasks per worker, or 0 for no limit
     * @return new options
     */
    public PoolOptions maxTasksPerWorker(int tasks) {
        return new PoolOptions(processes, tasks, workerStartTimeout);
    }

    /**
     * Sets how long a new worker JVM may take to start and connect.
     *
     * @param timeout a positive duration
     * @return new options
     */
    public PoolOptions workerStartTimeout(Duration timeout) {
        return new PoolOptions(processes, maxTasksPerWorker, timeout);
    }
}
