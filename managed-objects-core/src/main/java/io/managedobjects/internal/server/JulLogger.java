package io.managedobjects.internal.server;

import java.util.ResourceBundle;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * The server's log in a forked server JVM: straight to {@code java.util.logging}, which that JVM's output is set up
 * for, and set up only when the first record that is logged comes (at once where each record must be on one line). Both {@link System#getLogger} and the set-up of
 * {@code java.util.logging} look for other logging back ends with a {@code ServiceLoader}, which opens every jar of the
 * classpath: 10–20 ms of a forked server's start with a large jar, spent before its first reply.
 */
public final class JulLogger implements System.Logger {

    /** The system property that a forked server's main class sets ({@link #useInThisJvm}). */
    static final String PROPERTY = "managedobjects.server.julLogging";

    /**
     * The system property that asks a forked server for one line per record, starting with its level (its output is
     * read by a {@code ProcessOutput}).
     */
    public static final String ONE_LINE = "managedobjects.server.oneLineRecords";

    /** Whether {@code java.util.logging} was set up by this class (guarded by the class's lock). */
    private static boolean setUp;

    private final String name;
    private volatile @Nullable Logger logger;

    private JulLogger(String name) {
        this.name = name;
    }

    /**
     * Makes the server log through {@code java.util.logging} in this JVM, a forked server's, unless its options say
     * {@code -Dmanagedobjects.server.julLogging=false} (then {@link System#getLogger}, e.g. for a {@code LoggerFinder}
     * of the classpath). Called before the server starts. A JVM asked for one line per record ({@link #ONE_LINE}) sets
     * up {@code java.util.logging} at once, so that every record written in it, not only the server's, is on one line.
     */
    public static void useInThisJvm() {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, "true");
        }
        if (Boolean.getBoolean(ONE_LINE)) {
            setUp();
        }
    }

    /**
     * The server's logger.
     *
     * @param name its name
     * @return the platform's logger, or in a forked server this process's {@code java.util.logging} one
     */
    static System.Logger of(String name) {
        return Boolean.getBoolean(PROPERTY) ? new JulLogger(name) : System.getLogger(name);
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public boolean isLoggable(Level level) {
        if (logger == null && level.getSeverity() < Level.INFO.getSeverity() && !configured()) {
            // without a configuration of its own, java.util.logging keeps INFO and above (the JDK's
            // conf/logging.properties): a debug record is dropped without setting it up
            return false;
        }
        return logger().isLoggable(jul(level));
    }

    @Override
    public void log(Level level, @Nullable ResourceBundle bundle, @Nullable String message, @Nullable Throwable thrown) {
        if (isLoggable(level)) {
            LogRecord record = record(level, bundle, message);
            record.setThrown(thrown);
            logger().log(record);
        }
    }

    @Override
    public void log(Level level, @Nullable ResourceBundle bundle, @Nullable String format, @Nullable Object... params) {
        if (isLoggable(level)) {
            LogRecord record = record(level, bundle, format);
            record.setParameters(params);
            logger().log(record);
        }
    }

    /** Whether this JVM has a logging configuration or manager of its own (which may keep debug records). */
    private static boolean configured() {
        return System.getProperty("java.util.logging.config.file") != null || System.getProperty("java.util.logging.config.class") != null
                || System.getProperty("java.util.logging.manager") != null;
    }

    /** Sets up {@code java.util.logging} once, with one line per record where that was asked for. */
    private static synchronized void setUp() {
        if (setUp) {
            return;
        }
        setUp = true;
        if (Boolean.getBoolean(ONE_LINE)) {
            for (java.util.logging.Handler handler : Logger.getLogger("").getHandlers()) {
                handler.setFormatter(new OneLineRecords());
            }
        }
    }

    private Logger logger() {
        Logger current = logger;
        if (current == null) {
            setUp();
            current = Logger.getLogger(name);
            logger = current;
        }
        return current;
    }

    private LogRecord record(Level level, @Nullable ResourceBundle bundle, @Nullable String message) {
        LogRecord record = new LogRecord(jul(level), message);
        record.setLoggerName(name);
        record.setResourceBundle(bundle);
        // the caller, as java.util.logging would find it if this class (and System.Logger's own methods) were not in between
        StackWalker.getInstance().walk(frames -> frames.filter(frame -> !frame.getClassName().equals(JulLogger.class.getName())
                && !frame.getClassName().equals(System.Logger.class.getName())).findFirst()).ifPresent(frame -> {
                    record.setSourceClassName(frame.getClassName());
                    record.setSourceMethodName(frame.getMethodName());
                });
        return record;
    }

    /** The JDK's own mapping between the two APIs' levels. */
    private static java.util.logging.Level jul(Level level) {
        return switch (level) {
            case ALL -> java.util.logging.Level.ALL;
            case TRACE -> java.util.logging.Level.FINER;
            case DEBUG -> java.util.logging.Level.FINE;
            case INFO -> java.util.logging.Level.INFO;
            case WARNING -> java.util.logging.Level.WARNING;
            case ERROR -> java.util.logging.Level.SEVERE;
            case OFF -> java.util.logging.Level.OFF;
        };
    }

    /** One line per record: the level's name, the message, and an exception's type, message and origin. */
    static final class OneLineRecords extends java.util.logging.Formatter {

        @Override
        public String format(LogRecord record) {
            StringBuilder line = new StringBuilder(record.getLevel().getName()).append(": ").append(formatMessage(record));
            Throwable thrown = record.getThrown();
            if (thrown != null) {
                line.append(": ").append(thrown);
                StackTraceElement[] trace = thrown.getStackTrace();
                if (trace.length > 0) {
                    line.append(" (at ").append(trace[0]).append(')');
                }
            }
            return line.toString().replace('\n', ' ').replace('\r', ' ') + System.lineSeparator();
        }
    }
}
