package io.managedobjects.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedobjects.ManagedProcess;
import io.managedobjects.Manager;
import io.managedobjects.ProcessTask;
import io.managedobjects.SharedList;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code managed-objects.process-jvm-args} are the extra JVM options of the child processes the application starts. */
class ProcessJvmArgsTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ManagedObjectsAutoConfiguration.class));

    /** Adds the value of a system property of its JVM to the list it is given. */
    public static class RecordProperty implements ProcessTask {
        @Override
        @SuppressWarnings("unchecked")
        public void run(Object... args) {
            ((SharedList<String>) args[0]).add(String.valueOf(System.getProperty((String) args[1])));
        }
    }

    @Test
    void aChildProcessStartsWithTheConfiguredOptions() {
        runner.withPropertyValues("managed-objects.mode=fork",
                "managed-objects.process-jvm-args=-Dmanaged-objects.test.from-spring=yes,-Xss2m").run(context -> {
            Manager manager = context.getBean(Manager.class);
            SharedList<String> seen = manager.list();
            ManagedProcess child = manager.process(RecordProperty.class, seen, "managed-objects.test.from-spring");
            try {
                assertThat(child.start().join(Duration.ofMinutes(2))).isTrue();
                assertThat(child.exitCode()).hasValue(0);
            } finally {
                child.kill();
            }
            assertThat(seen).containsExactly("yes");
        });
    }
}
