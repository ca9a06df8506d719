package io.managedobjects.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

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
}
