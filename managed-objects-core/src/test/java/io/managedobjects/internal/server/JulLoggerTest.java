package io.managedobjects.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A forked server logs through java.util.logging directly, as the JDK's own bridge would. */
class JulLoggerTest {

    private final Logger jul = Logger.getLogger("io.managedobjects.test.jul");
    private final List<LogRecord> records = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    JulLoggerTest() {
        jul.addHandler(capture);
        jul.setUseParentHandlers(false);
        jul.setLevel(java.util.logging.Level.INFO);
    }

    @AfterEach
    void detach() {
        jul.removeHandler(capture);
        jul.setUseParentHandlers(true);
        jul.setLevel(null);
    }

    private System.Logger logger() {
        String before = System.getProperty(JulLogger.PROPERTY);
        System.setProperty(JulLogger.PROPERTY, "true");
        try {
            return JulLogger.of(jul.getName());
        } finally {
            if (before == null) {
                System.clearProperty(JulLogger.PROPERTY);
            } else {
                System.setProperty(JulLogger.PROPERTY, before);
            }
        }
    }

    @Test
    void recordsKeepTheirLevelParametersExceptionAndTheCallerAsTheirSource() {
        System.Logger log = logger();
        assertThat(log).isInstanceOf(JulLogger.class);
        IllegalStateException failure = new IllegalStateException("boom");
        log.log(Level.WARNING, "Closed connection {0} (pid {1})", 7, 42L);
        log.log(Level.ERROR, "Failed", failure);
        log.log(Level.DEBUG, "not at this level");
        assertThat(log.isLoggable(Level.INFO)).isTrue();
        assertThat(log.isLoggable(Level.DEBUG)).as("java.util.logging's level: INFO").isFalse();

        assertThat(records).hasSize(2);
        LogRecord warning = records.get(0);
        assertThat(warning.getLevel()).isEqualTo(java.util.logging.Level.WARNING);
        assertThat(new java.util.logging.SimpleFormatter().formatMessage(warning)).isEqualTo("Closed connection 7 (pid 42)");
        assertThat(warning.getLoggerName()).isEqualTo(jul.getName());
        assertThat(warning.getSourceClassName()).isEqualTo(JulLoggerTest.class.getName());
        assertThat(warning.getSourceMethodName()).isEqualTo("recordsKeepTheirLevelParametersExceptionAndTheCallerAsTheirSource");
        assertThat(records.get(1).getLevel()).isEqualTo(java.util.logging.Level.SEVERE);
        assertThat(records.get(1).getThrown()).isSameAs(failure);
    }

    @Test
    void aDebugRecordBeforeAnyOtherIsDroppedWithoutSettingUpLoggingThenTheConfiguredLevelDecides() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("java.util.logging.config.file") == null
                && System.getProperty("java.util.logging.config.class") == null && System.getProperty("java.util.logging.manager") == null);
        jul.setLevel(java.util.logging.Level.FINE);
        System.Logger log = logger();
        assertThat(log.isLoggable(Level.DEBUG)).as("before the first record: the JDK's default level, INFO").isFalse();
        log.log(Level.DEBUG, "dropped");
        log.log(Level.INFO, "sets it up");
        assertThat(log.isLoggable(Level.DEBUG)).as("once set up: the configured level").isTrue();
        log.log(Level.DEBUG, "kept");
        assertThat(records).extracting(LogRecord::getMessage).containsExactly("sets it up", "kept");
    }

    @Test
    void outsideAForkedServerThePlatformLoggerIsUsed() {
        assertThat(JulLogger.of(jul.getName())).isNotInstanceOf(JulLogger.class);
    }

    /**
     * A forked server asked for one line per record, as {@code ServerMain} sets it up: says when it is ready, then
     * hosted code logs through {@code java.util.logging} before the server logs anything.
     */
    public static final class OneLineServer {

        private OneLineServer() {
        }

        /**
         * Runs it.
         *
         * @param args unused
         */
        public static void main(String[] args) {
            JulLogger.useInThisJvm();
            System.out.println("ready");
            System.out.flush();
            Logger.getLogger("hosted.code").warning("first\nrecord");
            JulLogger.of("io.managedobjects.server").log(Level.INFO, "second");
            System.err.flush();
        }
    }

    /** Runs {@link OneLineServer} in a JVM of its own, with the options, and returns its output (both streams). */
    private static List<String> runOneLineServer(String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info:stdout", "-D" + JulLogger.ONE_LINE + "=true"));
        command.addAll(List.of(options));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), OneLineServer.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // only the options given here: a logging configuration in the environment would change what is tested
        builder.environment().keySet().removeAll(List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS"));
        Process process = builder.start();
        try {
            CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the JVM ended").isTrue();
            String text = output.get(30, TimeUnit.SECONDS);
            assertThat(process.exitValue()).as(text).isZero();
            return text.lines().toList();
        } finally {
            process.destroyForcibly();
        }
    }

    private static int lineOf(List<String> lines, String start) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(start) || lines.get(i).contains("] " + start + " ")) {
                return i;
            }
        }
        throw new AssertionError("no line " + start + " in " + lines);
    }

    @Test
    void aServerAskedForOneLinePerRecordSetsUpLoggingOnlyWhenSomethingLogsAndThenEveryRecordIsOneLine() throws Exception {
        List<String> lines = runOneLineServer();

        assertThat(lineOf(lines, "java.util.logging.LogManager")).as("logging set up after the server was ready")
                .isGreaterThan(lineOf(lines, "ready"));
        assertThat(lines).contains("WARNING: first record", "INFO: second");
    }

    @Test
    void aServerWithALoggingConfigurationOfItsOwnIsSetUpAtOnceWithOneLinePerRecord(@TempDir Path dir) throws Exception {
        Path configuration = dir.resolve("logging.properties");
        Files.writeString(configuration, "handlers=java.util.logging.ConsoleHandler\n.level=INFO\n");

        List<String> lines = runOneLineServer("-Djava.util.logging.config.file=" + configuration);

        assertThat(lineOf(lines, "java.util.logging.LogManager")).isLessThan(lineOf(lines, "ready"));
        assertThat(lines).contains("WARNING: first record", "INFO: second");
    }

    @Test
    void aServerWhoseJvmLoadsAnAgentIsSetUpAtOnceForTheAgentMayHaveSetLoggingUpBeforeMain() throws Exception {
        List<String> lines = runOneLineServer("-D" + JulLogger.ONE_LINE_AT_START + "=true");

        assertThat(lineOf(lines, "java.util.logging.LogManager")).isLessThan(lineOf(lines, "ready"));
        assertThat(lines).contains("WARNING: first record", "INFO: second");
    }
}
