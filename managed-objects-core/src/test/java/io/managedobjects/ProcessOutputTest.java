package io.managedobjects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The output of the forked server and of child processes can go, line by line, wherever the application says. */
class ProcessOutputTest {

    record Line(String process, long pid, boolean error, String text) {
    }

    /** Writes one line to each of its streams. */
    public static class Talker implements ProcessTask {
        @Override
        public void run(Object... args) {
            System.out.println("out: " + args[0]);
            System.err.println("err: " + args[0]);
        }
    }

    @Test
    void theServersAndTheChildrensLinesGoToTheProcessOutput() throws Exception {
        List<Line> lines = new CopyOnWriteArrayList<>();
        try (Manager manager = Manager.builder().processOutput((process, pid, error, text) -> lines.add(new Line(process, pid, error, text)))
                .start()) {
            ManagedProcess child = manager.process(Talker.class, "hello");
            child.start();
            assertThat(child.join(Duration.ofSeconds(60))).isTrue();
            Conditions.await("the child's lines", () -> lines.stream().filter(l -> l.text().endsWith("hello")).count() == 2);
            assertThat(lines).contains(new Line(Talker.class.getName(), child.pid(), false, "out: hello"),
                    new Line(Talker.class.getName(), child.pid(), true, "err: hello"));

            // the server logs a rejected connection: one line, its level first
            assertThatThrownBy(() -> Manager.connect(manager.address(), "a-wrong-key-0123456789".getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(AuthenticationException.class);
            long serverPid = manager.info().server().pid();
            Conditions.await("the server's warning", () -> lines.stream()
                    .anyMatch(l -> l.process().equals("server") && l.pid() == serverPid && l.error() && l.text().startsWith("WARNING: Rejected connection")));
        }
    }

    /** A hosted class that logs through java.util.logging, as user code on the server may. */
    public static class Chatty {
        /** @param text what to log at WARNING, with a line break after it */
        public void warn(String text) {
            java.util.logging.Logger.getLogger("io.managedobjects.test.chatty").warning(text + "\nsecond line");
        }
    }

    @Test
    void aRecordThatHostedCodeLogsBeforeTheServerLogsAnythingIsOneLineWithItsLevelFirst() throws Exception {
        List<Line> lines = new CopyOnWriteArrayList<>();
        try (Manager manager = Manager.builder().register(Chatty.class)
                .processOutput((process, pid, error, text) -> lines.add(new Line(process, pid, error, text))).start()) {
            Chatty chatty = manager.create(Chatty.class);
            chatty.warn("from hosted code");
            Conditions.await("the hosted code's record", () -> lines.stream().anyMatch(l -> l.text().contains("from hosted code")));
            assertThat(lines.stream().filter(l -> l.process().equals("server")).map(Line::text))
                    .contains("WARNING: from hosted code second line");
        }
    }
}
