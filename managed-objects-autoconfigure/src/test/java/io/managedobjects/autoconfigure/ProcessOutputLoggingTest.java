package io.managedobjects.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.managedobjects.AuthenticationException;
import io.managedobjects.Manager;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The forked server's output goes through the application's logging, one logger per process, each line prefixed. */
@ExtendWith(OutputCaptureExtension.class)
class ProcessOutputLoggingTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ManagedObjectsAutoConfiguration.class));

    @Test
    void theForkedServersRecordsAreLoggedAtTheirLevelUnderTheServersLogger(CapturedOutput output) {
        runner.withPropertyValues("managed-objects.mode=fork").run(context -> {
            Manager manager = context.getBean(Manager.class);
            long pid = manager.info().server().pid();
            assertThatThrownBy(() -> Manager.connect(manager.address(), "a-wrong-key-0123456789".getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(AuthenticationException.class);
            String expected = "[server pid " + pid + "] Rejected connection";
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            while (!output.getOut().contains(expected) && Instant.now().isBefore(deadline)) {
                Thread.sleep(20);
            }
            String line = output.getOut().lines().filter(l -> l.contains(expected)).findFirst().orElseThrow(
                    () -> new AssertionError("no logged line with " + expected + " in:\n" + output));
            assertThat(line).contains("WARN").contains(LoggingProcessOutput.LOGGER_PREFIX + "server").doesNotContain("WARNING:");
        });
    }
}
