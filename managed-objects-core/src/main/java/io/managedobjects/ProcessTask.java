package io.managedobjects;

/**
 * The code a child process runs: Python's {@code Process(target=...)}. Implementations need a public
 * no-argument constructor; they are instantiated in the child JVM.
 */
@FunctionalInterface
public interface ProcessTask {

    /**
     * Runs in the child process. {@link Manager#inherited()} is the manager that started it.
     *
     * @param args the arguments given to {@link Manager#process}: shared objects arrive as live proxies,
     *     other values as copies
     * @throws Exception anything: the child prints its stack trace and exits with status 1
     */
    void run(Object... args) throws Exception;
}
