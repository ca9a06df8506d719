package io.managedobjects;

/**
 * Where the output of the processes a manager starts goes, line by line: the forked server's
 * ({@link ManagerBuilder#start()}, its pool workers' included) and the child processes'
 * ({@link Manager#process}). By default their bytes are copied to this process's {@code System.out} and
 * {@code System.err} as they come, as Python's child processes share their parent's; a {@code ProcessOutput}
 * given to {@link ManagerBuilder#processOutput} gets each line instead, e.g. to send it through the
 * application's logging (the Spring Boot starter does so).
 *
 * <p>A forked server whose output goes to a {@code ProcessOutput} writes each of its own log records on one
 * line that starts with its level, e.g. {@code WARNING: Ended the session of pid 12 ...}.
 */
@FunctionalInterface
public interface ProcessOutput {

    /**
     * One line a process wrote, without its line terminator. Called on a thread of that process's output;
     * never let it throw.
     *
     * @param process {@code "server"} for the forked server, else the child's task class name
     * @param pid the process id
     * @param error whether it came from the process's standard error
     * @param line the line
     */
    void line(String process, long pid, boolean error, String line);
}
