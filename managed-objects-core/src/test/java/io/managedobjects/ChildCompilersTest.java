package io.managedobjects;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A child started with {@code process(...)} compiles the library's code with C1 only and its task's code with both
 * compilers, unless the options choose the compilers. The tests' own JVM runs with {@code -XX:TieredStopAtLevel=1},
 * which its children inherit (a choice that replaces these defaults, see {@code ManagedProcessTest}), so the manager
 * here runs in a JVM of its own, started with no option about the compilers.
 */
class ChildCompilersTest {

    /** The compile commands a child gets, in their order. */
    private static final List<String> COMMANDS = List.of("-XX:CompileCommand=quiet",
            "-XX:CompileCommand=MaxNodeLimit,io/managedobjects/internal/*.*,1",
            "-XX:CompileCommand=MaxNodeLimit,tools/jackson/dataformat/cbor/*.*,1");

    /**
     * A compile of {@code -XX:+PrintCompilation} in one JVM: its level, its method, and whether the compiler gave the
     * method up (a second line of the same compile says {@code COMPILE SKIPPED}).
     */
    record Compiled(long pid, int id, int level, String method, boolean skipped) {

        private static final Pattern LINE = Pattern.compile("^(\\d+) \\s*\\d+\\s+(\\d+)\\s+[%sbn! ]*?([0-4])\\s+(\\S+::\\S+)");

        /**
         * Reads compile lines, each after its JVM's pid and a space, merging the lines of one compile.
         *
         * @param lines the lines, others among them
         * @return the compiles, in order
         */
        static List<Compiled> of(List<String> lines) {
            java.util.Map<String, Compiled> compiles = new java.util.LinkedHashMap<>();
            for (String line : lines) {
                Matcher matcher = LINE.matcher(line);
                if (matcher.find()) {
                    Compiled compiled = new Compiled(Long.parseLong(matcher.group(1)), Integer.parseInt(matcher.group(2)),
                            Integer.parseInt(matcher.group(3)), matcher.group(4), line.contains("COMPILE SKIPPED"));
                    compiles.merge(compiled.pid() + "/" + compiled.id(), compiled,
                            (first, next) -> first.skipped() ? first : next.skipped() ? next : first);
                }
            }
            return List.copyOf(compiles.values());
        }

        boolean isLibrarys() {
            return method.startsWith("io.managedobjects.internal.");
        }

        boolean isTasks() {
            return method.startsWith(PutUntilTold.class.getName() + "::");
        }

        /** @return whether it is C2's code of a method, not a compile C2 gave up */
        boolean isC2s() {
            return level == 4 && !skipped;
        }

        boolean isReadLoop() {
            return method.endsWith("FrameChannel::readInto");
        }
    }

    /** Puts into the map it is given until the event it is given is set; its own loop is the task's hot code. */
    public static class PutUntilTold implements ProcessTask {
        @Override
        public void run(Object... args) {
            @SuppressWarnings("unchecked")
            SharedMap<Integer, Integer> map = (SharedMap<Integer, Integer>) args[0];
            SharedEvent stop = (SharedEvent) args[1];
            long sum = 0;
            for (int i = 0; i < 2_000_000 && (i % 1000 != 0 || !stop.isSet()); i++) {
                for (int j = 0; j < 100; j++) {
                    sum += (long) i * j ^ (sum >>> 3);
                }
                map.put(i % 100, (int) sum);
            }
        }
    }

    /**
     * Runs in a JVM of its own: prints the options of a fresh child, of the spare JVM that runs the next child and of
     * that child's own child ({@code options: …}), then the compile lines of a child that puts until the library's
     * read loop was given up by C2 and compiled by C1, and the task's loop compiled by C2 ({@code compiled: …}).
     */
    public static final class Launcher {

        private Launcher() {
        }

        /**
         * Runs it.
         *
         * @param args unused
         * @throws Exception if it fails
         */
        public static void main(String[] args) throws Exception {
            List<String> lines = new CopyOnWriteArrayList<>();
            try (Manager manager = Manager.builder().processJvmArgs("-XX:+PrintCompilation")
                    .processOutput((process, pid, error, text) -> lines.add(pid + " " + text)).start()) {
                SharedList<List<String>> options = manager.list();
                for (int depth : new int[] {0, 1}) {
                    ManagedProcess child = manager.process(ManagedProcessTest.RecordJvmOptions.class, options, depth).start();
                    if (child.join() != 0) {
                        throw new IllegalStateException("a child failed: " + lines);
                    }
                }
                for (List<String> jvm : options) {
                    System.out.println("options: " + String.join(" ", jvm));
                }
                lines.clear();
                SharedEvent stop = manager.event();
                ManagedProcess child = manager.process(PutUntilTold.class, manager.map(), stop).start();
                List<Predicate<Compiled>> awaited = List.of(c -> c.isReadLoop() && c.level() == 4 && c.skipped(),
                        c -> c.isReadLoop() && c.level() == 1, c -> c.isTasks() && c.isC2s());
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (child.isAlive() && System.nanoTime() < deadline
                        && !awaited.stream().allMatch(wanted -> Compiled.of(lines).stream().anyMatch(wanted))) {
                    Thread.sleep(50);
                }
                stop.set();
                System.out.println("exit: " + child.join());
                for (String line : lines) {
                    System.out.println("compiled: " + line);
                }
            }
        }
    }

    @Test
    void aChildCompilesTheLibrarysCodeWithC1OnlyAndItsTasksCodeWithC2AndItsChildrenGetTheSameCommandsOnce() throws Exception {
        List<String> output = runLauncher();

        List<List<String>> options = output.stream().filter(line -> line.startsWith("options: "))
                .map(line -> List.of(line.substring("options: ".length()).split(" "))).toList();
        // a fresh child, the spare JVM that ran the next one, and that one's own child
        assertThat(options).hasSize(3).allSatisfy(jvm -> assertThat(jvm.stream().filter(option -> option.startsWith("-XX:CompileCommand=")))
                .containsExactlyElementsOf(COMMANDS));
        assertThat(output).contains("exit: 0");
        List<Compiled> compiled = Compiled.of(output.stream().filter(line -> line.startsWith("compiled: "))
                .map(line -> line.substring("compiled: ".length())).toList());
        assertThat(compiled)
                .anyMatch(c -> c.isReadLoop() && c.level() == 4 && c.skipped())
                .anyMatch(c -> c.isReadLoop() && c.level() == 1)
                .anyMatch(c -> c.isTasks() && c.isC2s())
                .noneMatch(c -> c.isLibrarys() && c.isC2s());
    }

    /** Runs {@link Launcher} in a JVM with no option about the compilers and returns its output (both streams). */
    private static List<String> runLauncher() throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-XX:+UseSerialGC", "-Xmx256m", "-cp", System.getProperty("java.class.path"), Launcher.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // only the options given here: compiler options in the environment would replace what is tested
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
            assertThat(process.waitFor(240, TimeUnit.SECONDS)).as("the launcher ended").isTrue();
            String text = output.get(30, TimeUnit.SECONDS);
            assertThat(process.exitValue()).as(text).isZero();
            return text.lines().toList();
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
