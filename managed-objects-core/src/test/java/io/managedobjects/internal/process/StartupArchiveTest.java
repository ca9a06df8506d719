package io.managedobjects.internal.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Started JVMs share their classes' data through an archive the first of their kind creates. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class StartupArchiveTest {

    @TempDir
    Path dir;

    /** A jar holding {@link CdsHello} (also its Java agent), with or without a manifest Class-Path. */
    private Path helloJar(String name, String manifestClassPath) throws IOException {
        Path jar = dir.resolve(name);
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", CdsHello.class.getName());
        if (manifestClassPath != null) {
            manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, manifestClassPath);
        }
        String entry = CdsHello.class.getName().replace('.', '/') + ".class";
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out, manifest);
                InputStream in = CdsHello.class.getClassLoader().getResourceAsStream(entry)) {
            jarOut.putNextEntry(new JarEntry(entry));
            in.transferTo(jarOut);
            jarOut.closeEntry();
        }
        return jar;
    }

    /** Runs {@link CdsHello} as a launch would, and returns its output. */
    private String run(StartupArchive archive, Path jar, String... extra) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (archive != null) {
            command.addAll(archive.options());
        }
        command.addAll(List.of(extra));
        command.addAll(List.of("-cp", jar.toString(), CdsHello.class.getName()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (archive != null) {
                archive.started(process);
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(output).isZero();
            return output;
        } finally {
            process.destroyForcibly();
        }
    }

    private static List<Path> files(Path cache, String glob) throws IOException {
        try (Stream<Path> files = Files.list(cache)) {
            return files.filter(p -> p.getFileSystem().getPathMatcher("glob:" + glob).matches(p.getFileName())).toList();
        }
    }

    private static Path awaitArchive(Path cache) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (files(cache, "*.jsa").isEmpty() || !files(cache, "*.lock").isEmpty()) {
            assertThat(System.nanoTime()).as("the archive is created within 60 s").isLessThan(deadline);
            Thread.sleep(20);
        }
        return files(cache, "*.jsa").get(0);
    }

    @Test
    void theFirstJvmOfAKindCreatesTheArchiveAndTheNextOnesMapIt() throws Exception {
        Path jar = helloJar("hello.jar", null);
        Path cache = dir.resolve("cache");
        StartupArchive first = StartupArchive.plan(List.of(), jar.toString(), CdsHello.class.getName(), cache);
        assertThat(first).isNotNull();
        assertThat(first.options()).anyMatch(o -> o.startsWith("-XX:ArchiveClassesAtExit="));
        // while the first creates it, others run without sharing
        assertThat(StartupArchive.plan(List.of(), jar.toString(), CdsHello.class.getName(), cache)).isNull();
        assertThat(run(first, jar)).contains("hello {a=1}");
        awaitArchive(cache);

        StartupArchive next = StartupArchive.plan(List.of(), jar.toString(), CdsHello.class.getName(), cache);
        assertThat(next).isNotNull();
        assertThat(next.options()).anyMatch(o -> o.startsWith("-XX:SharedArchiveFile="));
        String output = run(next, jar, "-Xlog:class+load=info");
        assertThat(output).contains("hello {a=1}").contains(CdsHello.class.getName() + " source: shared objects file");
    }

    @Test
    void aRebuiltJarGetsANewArchiveAndAStaleOneIsNeverMapped() throws Exception {
        Path jar = helloJar("hello.jar", null);
        Path cache = dir.resolve("cache");
        run(StartupArchive.plan(List.of(), jar.toString(), CdsHello.class.getName(), cache), jar);
        awaitArchive(cache);
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(5)));
        StartupArchive rebuilt = StartupArchive.plan(List.of(), jar.toString(), CdsHello.class.getName(), cache);
        assertThat(rebuilt).isNotNull();
        assertThat(rebuilt.options()).anyMatch(o -> o.startsWith("-XX:ArchiveClassesAtExit="));
        rebuilt.notStarted();
        assertThat(files(cache, "*.lock")).isEmpty();
    }

    @Test
    void archivesUnusedForAMonthAreDeletedWhenANewOneIsRecordedAndOneInUseIsKept() throws Exception {
        Path jar = helloJar("hello.jar", null);
        Path cache = dir.resolve("cache");
        run(StartupArchive.plan(List.of(), jar.toString(), CdsHello.class.getName(), cache), jar);
        Path inUse = awaitArchive(cache);
        Files.createDirectories(cache);
        Path abandoned = Files.writeString(cache.resolve("ChildMain-0123456789abcdef01234567.jsa"), "an old jar's archive");
        Path recent = Files.writeString(cache.resolve("ServerMain-0123456789abcdef01234567.jsa"), "a recent archive");
        FileTime longAgo = FileTime.from(Instant.now().minus(StartupArchive.UNUSED).minus(Duration.ofDays(1)));
        Files.setLastModifiedTime(abandoned, longAgo);
        Files.setLastModifiedTime(inUse, longAgo);
        Files.setLastModifiedTime(recent, FileTime.from(Instant.now().minus(Duration.ofDays(2))));

        // mapping the archive marks it used; recording a new kind sweeps the others
        assertThat(StartupArchive.plan(List.of(), jar.toString(), CdsHello.class.getName(), cache).options())
                .anyMatch(o -> o.startsWith("-XX:SharedArchiveFile="));
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(5)));
        StartupArchive rebuilt = StartupArchive.plan(List.of(), jar.toString(), CdsHello.class.getName(), cache);
        assertThat(rebuilt).isNotNull();
        rebuilt.notStarted();

        assertThat(abandoned).doesNotExist();
        assertThat(inUse).exists();
        assertThat(recent).exists();
    }

    @Test
    void nothingIsSharedWhereClassDataSharingCannotWorkOrWasChosen() throws Exception {
        Path cache = dir.resolve("cache");
        Path jar = helloJar("hello.jar", null);
        String main = CdsHello.class.getName();
        assertThat(StartupArchive.plan(List.of(), dir.toString(), main, cache)).as("a directory").isNull();
        assertThat(StartupArchive.plan(List.of(), jar + java.io.File.pathSeparator + dir, main, cache)).as("a jar and a directory").isNull();
        assertThat(StartupArchive.plan(List.of(), helloJar("booter.jar", "classes/").toString(), main, cache)).as("a manifest Class-Path").isNull();
        assertThat(StartupArchive.plan(List.of("-Xshare:off"), jar.toString(), main, cache)).as("the user's sharing option").isNull();
        assertThat(StartupArchive.plan(List.of(), "", main, cache)).as("no classpath").isNull();
        Path notWritable = Files.writeString(dir.resolve("a-file"), "x");
        assertThat(StartupArchive.plan(List.of(), jar.toString(), main, notWritable.resolve("cache"))).as("an unusable cache").isNull();
        String before = System.getProperty(StartupArchive.ENABLED);
        System.setProperty(StartupArchive.ENABLED, "false");
        try {
            assertThat(StartupArchive.plan(List.of(), jar.toString(), main)).as("turned off").isNull();
        } finally {
            if (before == null) {
                System.clearProperty(StartupArchive.ENABLED);
            } else {
                System.setProperty(StartupArchive.ENABLED, before);
            }
        }
    }

    @Test
    void aJvmThatFailsWhileRecordingLeavesNoArchiveNorLockAndItsKindIsNotTriedAgain() throws Exception {
        Path jar = helloJar("hello.jar", null);
        Path cache = dir.resolve("cache");
        StartupArchive first = StartupArchive.plan(List.of(), jar.toString(), CdsHello.class.getName(), cache);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(first.options());
        command.addAll(List.of("-cp", jar.toString(), "no.such.Main"));
        Process failing = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            java.util.concurrent.CompletableFuture<Void> done = first.started(failing);
            failing.getInputStream().readAllBytes();
            done.get(60, TimeUnit.SECONDS);
        } finally {
            failing.destroyForcibly();
        }
        assertThat(files(cache, "*.lock")).isEmpty();
        assertThat(files(cache, "*.jsa")).isEmpty();
        assertThat(files(cache, "*.tmp")).isEmpty();
        assertThat(StartupArchive.plan(List.of(), jar.toString(), CdsHello.class.getName(), cache)).isNull();
    }

    @Test
    void theJvmOptionsArePartOfTheKindAndAStartedJvmsOwnOptionsAreNotInherited() throws Exception {
        Path jar = helloJar("hello.jar", null);
        Path cache = dir.resolve("managed-objects").resolve("cds");
        StartupArchive plain = StartupArchive.plan(List.of(), jar.toString(), CdsHello.class.getName(), cache);
        StartupArchive small = StartupArchive.plan(List.of("-Xmx64m"), jar.toString(), CdsHello.class.getName(), cache);
        assertThat(plain).isNotNull();
        assertThat(small).as("another kind: its own recording").isNotNull();
        plain.notStarted();
        small.notStarted();

        List<String> inherited = new ArrayList<>(plain.options());
        inherited.addAll(List.of("-Xmx64m", "-XX:SharedArchiveFile=/opt/app/users-own.jsa"));
        assertThat(StartupArchive.withoutOwnOptions(inherited)).containsExactly("-Xmx64m", "-XX:SharedArchiveFile=/opt/app/users-own.jsa");
    }

    @Test
    void aJvmWithAJavaAgentOrANativeAgentSharesNothingForItWouldExitAtOnceWhileRecording() throws Exception {
        // as a child of an application run with a profiler or an APM agent is: the first of its kind died
        Path jar = helloJar("hello.jar", null);
        Path cache = dir.resolve("cache");
        for (String agent : List.of("-javaagent:" + jar, "-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:0")) {
            StartupArchive plan = StartupArchive.plan(List.of(agent), jar.toString(), CdsHello.class.getName(), cache);
            assertThat(run(plan, jar, agent)).as(agent).contains("hello {a=1}");
            assertThat(plan).as(agent).isNull();
        }
    }

    @Test
    void aJvmLoadsAnAgentWhenAnOptionNamesOne() {
        org.junit.jupiter.api.Assumptions.assumeFalse(StartupArchive.loadsAgent(List.of()), "an agent in JAVA_TOOL_OPTIONS");

        assertThat(StartupArchive.loadsAgent(List.of("-Xmx64m", "-javaagent:/opt/apm/agent.jar"))).isTrue();
        assertThat(StartupArchive.loadsAgent(List.of("-agentpath:/opt/profiler/libprofiler.so"))).isTrue();
        assertThat(StartupArchive.loadsAgent(List.of("-agentlib:jdwp=transport=dt_socket"))).isTrue();
        assertThat(StartupArchive.loadsAgent(List.of("-Xmx64m", "-Dagent=-javaagent:x.jar"))).isFalse();
    }
}
