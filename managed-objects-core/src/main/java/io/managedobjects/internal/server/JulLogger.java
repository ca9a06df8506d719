package io.managedobjects.internal.server;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.ResourceBundle;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * The server's log in a forked server JVM: straight to {@code java.util.logging}, which that JVM's output is set up
 * for, and set up only when the first record is logged, by the server or by hosted code. Both {@link System#getLogger}
 * and the set-up of {@code java.util.logging} look for other logging back ends with a {@code ServiceLoader}, which
 * opens every jar of the classpath: 10–20 ms of a forked server's start with one large jar, 70–80 ms with a Spring Boot
 * application's 85 jars, spent before its first reply.
 */
public final class JulLogger implements System.Logger {

    /** The system property that a forked server's main class sets ({@link #useInThisJvm}). */
    static final String PROPERTY = "managedobjects.server.julLogging";

    /**
     * The system property that asks a forked server for one line per record, starting with its level (its output is
     * read by a {@code ProcessOutput}).
     */
    public static final String ONE_LINE = "managedobjects.server.oneLineRecords";

    /**
     * The system property that asks a forked server with one line per record to set {@code java.util.logging} up at
     * start: its JVM loads an agent, which may have set it up before the server's {@code main}, too early for
     * {@link OneLineConfiguration}.
     */
    public static final String ONE_LINE_AT_START = "managedobjects.server.oneLineRecordsAtStart";

    /** The system property naming a class whose constructor configures {@code java.util.logging} when it is first used. */
    private static final String CONFIG_CLASS = "java.util.logging.config.class";

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
     * of the classpath). Called before the server starts.
     *
     * <p>In a JVM asked for one line per record ({@link #ONE_LINE}) every record written, not only the server's, is on
     * one line: {@code java.util.logging} reads its configuration from {@link OneLineConfiguration} whenever something
     * first logs. Where that cannot be (the JVM names a logging configuration or manager of its own, loads an agent
     * ({@link #ONE_LINE_AT_START}), or the library is not on the class path that {@code java.util.logging} loads
     * configuration classes from, as in a Spring Boot executable jar), {@code java.util.logging} is set up at once and
     * its handlers get the one-line format.
     */
    public static void useInThisJvm() {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, "true");
        }
        if (Boolean.getBoolean(ONE_LINE)) {
            if (!configured() && !Boolean.getBoolean(ONE_LINE_AT_START)
                    && JulLogger.class.getClassLoader() == ClassLoader.getSystemClassLoader()) {
                System.setProperty(CONFIG_CLASS, OneLineConfiguration.class.getName());
            } else {
                setUp();
            }
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
        String configClass = System.getProperty(CONFIG_CLASS);
        return System.getProperty("java.util.logging.config.file") != null
                || configClass != null && !configClass.equals(OneLineConfiguration.class.getName())
                || System.getProperty("java.util.logging.manager") != null;
    }

    /** Sets up {@code java.util.logging} once, with one line per record where that was asked for. */
    private static synchronized void setUp() {
        if (setUp) {
            return;
        }
        setUp = true;
        if (Boolean.getBoolean(ONE_LINE)) {
            // with OneLineConfiguration, java.util.logging's set-up gave them the format already
            for (java.util.logging.Handler handler : Logger.getLogger("").getHandlers()) {
                if (!(handler.getFormatter() instanceof OneLineRecords)) {
                    handler.setFormatter(new OneLineRecords());
                }
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

    /**
     * The configuration of {@code java.util.logging} in a forked server whose records must each be on one line: the
     * file {@code java.util.logging.config.file} names (hosted code may name one before it reads the configuration
     * again), else the JDK's own ({@code conf/logging.properties} of the running JDK), with every handler it names
     * formatting {@link OneLineRecords}. {@code java.util.logging} makes one ({@code java.util.logging.config.class})
     * when it is first used.
     */
    public static final class OneLineConfiguration {

        /**
         * Reads the configuration into the {@code LogManager}.
         *
         * @throws IOException if the configuration file cannot be read
         */
        public OneLineConfiguration() throws IOException {
            String named = System.getProperty("java.util.logging.config.file");
            Path file = named != null ? Path.of(named) : Path.of(System.getProperty("java.home"), "conf", "logging.properties");
            byte[] text = Files.isRegularFile(file) || named != null ? Files.readAllBytes(file)
                    : "handlers=java.util.logging.ConsoleHandler\n.level=INFO\n".getBytes(StandardCharsets.ISO_8859_1);
            Properties properties = new Properties();
            properties.load(new ByteArrayInputStream(text));
            // the file as it is, then each handler's formatter (a key's last value wins): nothing is written back, as
            // Properties.store would, with a date that sets up the time zones
            StringBuilder formatters = new StringBuilder("\n");
            for (String handler : properties.getProperty("handlers", "").split("[\\s,]+")) {
                if (!handler.isEmpty()) {
                    formatters.append(handler).append(".formatter=").append(OneLineRecords.class.getName()).append('\n');
                }
            }
            ByteArrayOutputStream configuration = new ByteArrayOutputStream();
            configuration.write(text);
            configuration.write(formatters.toString().getBytes(StandardCharsets.ISO_8859_1));
            LogManager.getLogManager().readConfiguration(new ByteArrayInputStream(configuration.toByteArray()));
        }
    }

    /** One line per record: the level's name, the message, and an exception's type, message and origin. */
    public static final class OneLineRecords extends java.util.logging.Formatter {

        /** Creates the formatter ({@code java.util.logging} makes it by name, for a handler). */
        public OneLineRecords() {
        }

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
