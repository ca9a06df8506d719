package io.managedobjects.autoconfigure;

import io.managedobjects.ProcessOutput;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Sends the output of the forked server and of child processes through the application's logging: one
 * logger per process kind ({@code io.managedobjects.process.server}, {@code io.managedobjects.process.<task class>}),
 * every line prefixed with the process id. A line that starts with a {@code java.util.logging} level (the
 * server writes its records so) is logged at that level without it; other lines are logged at INFO (standard
 * output) or WARN (standard error).
 */
final class LoggingProcessOutput implements ProcessOutput {

    /** The start of every logger name. */
    static final String LOGGER_PREFIX = "io.managedobjects.process.";

    private final ConcurrentMap<String, Log> loggers = new ConcurrentHashMap<>();

    @Override
    public void line(String process, long pid, boolean error, String line) {
        Log log = loggers.computeIfAbsent(process, p -> LogFactory.getLog(LOGGER_PREFIX + p));
        String message = "[" + (process.equals("server") ? "server" : "child") + " pid " + pid + "] ";
        int colon = line.indexOf(": ");
        String level = colon > 0 ? line.substring(0, colon) : "";
        String text = colon > 0 ? line.substring(colon + 2) : line;
        switch (level) {
            case "SEVERE" -> log.error(message + text);
            case "WARNING" -> log.warn(message + text);
            case "INFO" -> log.info(message + text);
            case "CONFIG", "FINE" -> log.debug(message + text);
            case "FINER", "FINEST" -> log.trace(message + text);
            default -> {
                if (error) {
                    log.warn(message + line);
                } else {
                    log.info(message + line);
                }
            }
        }
    }
}
