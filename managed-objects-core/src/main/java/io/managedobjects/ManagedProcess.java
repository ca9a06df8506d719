package io.managedobjects;

import java.time.Duration;
import java.util.OptionalInt;

/**
 * A child JVM running a {@link ProcessTask}, connected to the same manager: Python's {@code Process}.
 * It has the parent's classpath and JVM options, its stdout and stderr show in the parent's, and it
 * exits when the parent process dies, however the parent dies.
 */
public interface ManagedProcess {

    /**
     * Starts the child JVM.
     *
     * @return this process
     * @throws IllegalStateException if it was already started
     */
    ManagedProcess start();

    /**
     * Waits for the child to exit.
     *
     * @return its exit code: 0 when the task returned normally, 1 when it threw
     * @throws InterruptedException if the waiting thread is interrupted
     */
    int join() throws InterruptedException;

    /**
     * Waits at most {@code timeout} for the child to exit.
     *
     * @param timeout how long to wait
     * @return whether it exited
     * @throws InterruptedException if the waiting thread is interrupted
     */
    boolean join(Duration timeout) throws InterruptedException;

    /**
     * Whether the child is running.
     *
     * @return true between start and exit
     */
    boolean isAlive();

    /**
     * The child's process id.
     *
     * @return the pid
     * @throws IllegalStateException if it was not started
     */
    long pid();

    /**
     * The exit code once the child has exited.
     *
     * @return the exit code, or empty while it runs or before it starts
     */
    OptionalInt exitCode();

    /** Kills the child forcibly, like {@code SIGKILL}. */
    void kill();
}
