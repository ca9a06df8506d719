package io.managedobjects.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a main class of the test classpath in a second JVM to its end, and returns what it printed. */
public final class SecondJvm {

    private SecondJvm() {
    }

    /**
     * Runs a main class in a new JVM with this one's classpath, waits (120 s at most) for it to end with exit code 0,
     * and kills it whatever happens.
     *
     * @param jvmOptions options of the new JVM
     * @param mainClass its main class
     * @param args its arguments
     * @return its standard output and error
     * @throws Exception if it cannot be started or read
     */
    public static String run(List<String> jvmOptions, Class<?> mainClass, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()));
        command.addAll(List.of(args));
        Process second = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(second.getInputStream()));
        try {
            assertThat(second.waitFor(120, TimeUnit.SECONDS)).as("second application finished").isTrue();
        } finally {
            second.destroyForcibly();
        }
        String printed = output.get(30, TimeUnit.SECONDS);
        assertThat(second.exitValue()).as(printed).isZero();
        return printed;
    }

    private static String readAll(InputStream in) {
        try (in) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            in.transferTo(bytes);
            return bytes.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(output unreadable: " + e + ")";
        }
    }
}
