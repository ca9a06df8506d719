package io.managedobjects.internal.process;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Class-data sharing for the JVMs this process starts (the forked server, child processes, pool workers): a
 * dynamic CDS archive of the classes such a JVM loads, recorded by the first one of its kind and mapped by every
 * later one, so that they start without parsing and verifying those classes again.
 *
 * <p>Archives live in {@code $XDG_CACHE_HOME/managed-objects/cds} (else {@code ~/.cache/managed-objects/cds}),
 * one per kind of JVM, named by a hash of the JDK, the main class, the JVM options and the classpath (each jar's
 * size and modification time included: a rebuilt jar gets a new archive). The first JVM of a kind dumps its
 * classes when it exits ({@code -XX:ArchiveClassesAtExit}) into a temporary file, which becomes the archive once
 * that JVM exited normally and the file is on disk; JVMs started meanwhile run without one, and one process at a
 * time records (a lock file names its owner). Nothing is shared, silently, where CDS cannot work or the user chose
 * otherwise: a classpath with a directory or a jar with a manifest {@code Class-Path}, a JVM that does not share
 * the JDK's own classes (no base archive, e.g. some {@code jlink} images), JVM options (given, or in the
 * {@code JAVA_TOOL_OPTIONS}-style variables) that choose sharing settings or that a dump refuses (module patches
 * and limits), an unwritable cache, {@code -Dmanagedobjects.cds=false} in this process, or a kind whose recording
 * or archive failed before in this process. (The ahead-of-time cache of JDK 25 is not used: its creation starts one
 * more JVM that prints every JVM option.)
 */
final class StartupArchive {

    /** The system property that turns class-data sharing of started JVMs off ({@code false}). */
    static final String ENABLED = "managedobjects.cds";

    /** The path segment of every archive this class names: how its options are told apart from the user's. */
    static final String DIRECTORY = "managed-objects" + File.separator + "cds";

    /** The option that keeps CDS messages out of a started JVM's output. */
    static final String QUIET = "-Xlog:cds*=off";

    /** A lock whose owner is gone, or older than this, is taken over; temporary files older than this are swept. */
    private static final Duration STALE = Duration.ofMinutes(10);

    /**
     * An archive not mapped for this long is deleted when a new one is recorded: the archives of jars since rebuilt
     * (a JVM that maps an archive marks it used, at most once a day).
     */
    static final Duration UNUSED = Duration.ofDays(30);

    /** A JVM that mapped an archive and died of a signal within this time is taken to have been killed by the archive. */
    private static final Duration EARLY_DEATH = Duration.ofSeconds(10);

    /** Options after which no archive is dumped or mapped (the JVM would refuse them, or the user chose). */
    private static final List<String> UNSHARED_OPTIONS = List.of("-Xshare", "SharedArchiveFile", "ArchiveClassesAtExit",
            "UseSharedSpaces", "AutoCreateSharedArchive", "AOTCache", "AOTMode", "AOTConfiguration", "SharedClassListFile",
            "DumpLoadedClassList", "UseCompressedClassPointers", "UseCompressedOops", "--patch-module", "--limit-modules",
            "--upgrade-module-path", "-Xbootclasspath");

    /**
     * Agents' options: a JVM recording an archive with an agent exits at once ("CDS dumping does not support native
     * JVMTI agent", "Must enable AllowArchivingWithJavaAgent"), so a JVM with an agent (a profiler, an APM agent, a
     * debugger) shares nothing.
     */
    private static final List<String> AGENTS = List.of("-javaagent:", "-agentlib:", "-agentpath:", "-Xrun");

    /** Kinds (keys) whose recording or archive failed in this process: they are not tried again. */
    private static final Set<String> FAILED = ConcurrentHashMap.newKeySet();

    private static final String OWNER = ProcessHandle.current().pid() + " " + UUID.randomUUID();

    private final String key;
    private final Path archive;
    private volatile boolean killedOnPurpose;
    private final Path lock;
    private final @Nullable Path dump;

    private StartupArchive(String key, Path archive, Path lock, @Nullable Path dump) {
        this.key = key;
        this.archive = archive;
        this.lock = lock;
        this.dump = dump;
    }

    /**
     * The sharing options of a JVM about to start, or none.
     *
     * @param jvmArgs its other options
     * @param classPath its classpath
     * @param mainClass its main class
     * @return the plan, or null when nothing is shared
     */
    static @Nullable StartupArchive plan(List<String> jvmArgs, String classPath, String mainClass) {
        if ("false".equalsIgnoreCase(System.getProperty(ENABLED, "true")) || !thisJvmShares() || chooseSharing(JavaLauncher.environmentOptions())) {
            return null;
        }
        return plan(jvmArgs, classPath, mainClass, cacheDirectory());
    }

    /**
     * The sharing options of a JVM about to start, with archives in a given directory.
     *
     * @param jvmArgs its other options
     * @param classPath its classpath
     * @param mainClass its main class
     * @param dir where archives are kept
     * @return the plan, or null when nothing is shared
     */
    static @Nullable StartupArchive plan(List<String> jvmArgs, String classPath, String mainClass, Path dir) {
        if (chooseSharing(jvmArgs)) {
            return null;
        }
        try {
            String key = key(jvmArgs, classPath, mainClass);
            if (key == null || FAILED.contains(key)) {
                return null;
            }
            Files.createDirectories(dir);
            String name = mainClass.substring(mainClass.lastIndexOf('.') + 1) + "-" + key;
            Path archive = dir.resolve(name + ".jsa");
            Path lock = dir.resolve(name + ".lock");
            if (Files.isRegularFile(archive)) {
                markUsed(archive);
                return new StartupArchive(key, archive, lock, null);
            }
            if (!takeLock(lock)) {
                return null;
            }
            sweep(dir);
            return new StartupArchive(key, archive, lock, dir.resolve(name + "." + UUID.randomUUID() + ".tmp"));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** @return the JVM options: map the archive, or dump one at exit; CDS messages silenced either way */
    List<String> options() {
        return List.of(QUIET, dump == null ? "-XX:SharedArchiveFile=" + archive : "-XX:ArchiveClassesAtExit=" + dump);
    }

    /**
     * Follows the started JVM: a dumped archive is moved into place once it has exited normally; an archive that
     * killed it at start is deleted.
     *
     * @param process the JVM started with {@link #options()}
     * @return completes when what follows the JVM's exit is done
     */
    CompletableFuture<Void> started(Process process) {
        Instant start = Instant.now();
        return process.onExit().thenRun(() -> {
            int exit = process.exitValue();
            Path creating = dump;
            if (creating != null) {
                finish(creating, exit == 0);
            } else if (exit > 128 && !killedOnPurpose && Duration.between(start, Instant.now()).compareTo(EARLY_DEATH) < 0) {
                // killed by a signal at once: possibly a damaged archive; never map this one again
                FAILED.add(key);
                deleteQuietly(archive);
            }
        });
    }

    /** The JVM is about to be killed by this process (a user's kill, a spare no longer needed): no sign of a bad archive. */
    void killedOnPurpose() {
        killedOnPurpose = true;
    }

    /** The JVM could not be started: a lock taken for it is given back. */
    void notStarted() {
        if (dump != null) {
            releaseLock(lock);
        }
    }

    /** The JVM started with these options failed before it was ready: this kind is not shared again in this process. */
    void failedAtStart() {
        FAILED.add(key);
    }

    /** @return whether these options record the archive (rather than map it) */
    boolean records() {
        return dump != null;
    }

    private void finish(Path creating, boolean exitedNormally) {
        try {
            if (exitedNormally && Files.isRegularFile(creating) && Files.size(creating) > 0) {
                try (FileChannel file = FileChannel.open(creating, StandardOpenOption.READ)) {
                    file.force(true);
                }
                try {
                    Files.move(creating, archive, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(creating, archive, StandardCopyOption.REPLACE_EXISTING);
                }
            } else if (!exitedNormally) {
                FAILED.add(key);
            }
        } catch (IOException | RuntimeException e) {
            // no archive this time: the next JVM of the kind tries again
        } finally {
            deleteQuietly(creating);
            releaseLock(lock);
        }
    }

    /**
     * Removes this class's own options from options a started JVM inherits (they name one JVM's archive).
     *
     * @param inherited a JVM's options
     * @return the options without this class's
     */
    static List<String> withoutOwnOptions(List<String> inherited) {
        List<String> kept = new ArrayList<>();
        for (String option : inherited) {
            boolean own = option.equals(QUIET) || (option.startsWith("-XX:SharedArchiveFile=")
                    || option.startsWith("-XX:ArchiveClassesAtExit=")) && option.contains(DIRECTORY);
            if (!own) {
                kept.add(option);
            }
        }
        return kept;
    }

    /**
     * Whether a JVM started with these options loads an agent, by them or by the variables every JVM reads
     * ({@code JAVA_TOOL_OPTIONS}, ...).
     *
     * @param jvmArgs its options
     * @return true if one of them names an agent
     */
    static boolean loadsAgent(List<String> jvmArgs) {
        return java.util.stream.Stream.concat(jvmArgs.stream(), JavaLauncher.environmentOptions().stream())
                .anyMatch(option -> AGENTS.stream().anyMatch(option::startsWith));
    }

    private static boolean chooseSharing(List<String> jvmArgs) {
        for (String arg : jvmArgs) {
            if (unshared(arg)) {
                return true;
            }
        }
        return false;
    }

    private static boolean unshared(String option) {
        if (AGENTS.stream().anyMatch(option::startsWith)) {
            return true;
        }
        for (String token : UNSHARED_OPTIONS) {
            if (option.contains(token)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether this JVM maps the JDK's own archive ({@code java.vm.info} says "sharing"): a dynamic archive needs
     * that base, and started JVMs use this JDK.
     */
    private static boolean thisJvmShares() {
        return System.getProperty("java.vm.info", "").contains("sharing");
    }

    /** A hash of the JDK, the JVM options, every classpath jar (path, size, modification time) and the main class; null if a path is no jar. */
    private static @Nullable String key(List<String> jvmArgs, String classPath, String mainClass) throws IOException {
        if (classPath.isEmpty()) {
            return null;
        }
        StringBuilder identity = new StringBuilder(System.getProperty("java.home")).append('\n')
                .append(System.getProperty("java.vm.version")).append('\n').append(mainClass).append('\n');
        for (String option : jvmArgs) {
            if (!option.startsWith("-D")) {
                identity.append(option).append('\n');
            }
        }
        for (String entry : classPath.split(File.pathSeparator, -1)) {
            Path jar = Path.of(entry);
            if (!entry.endsWith(".jar") || !Files.isRegularFile(jar) || !hasNoManifestClassPath(jar)) {
                return null;
            }
            identity.append(jar.toAbsolutePath()).append(' ').append(Files.size(jar)).append(' ')
                    .append(Files.getLastModifiedTime(jar).toMillis()).append('\n');
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(identity.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            return null;
        }
    }

    /**
     * Whether a jar has no manifest Class-Path: a jar that lists others (a test runner's booter jar) may name
     * directories, which CDS refuses, and its listed jars are not in the key: such a classpath is not shared.
     */
    private static boolean hasNoManifestClassPath(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            return manifest == null || manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH) == null;
        }
    }

    private static Path cacheDirectory() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("managed-objects").resolve("cds");
    }

    /** Takes the lock of a kind: creates it naming this process, or takes it over from a gone or stale owner. */
    private static boolean takeLock(Path lock) throws IOException {
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                Files.writeString(lock, OWNER, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return true;
            } catch (FileAlreadyExistsException e) {
                if (!stale(lock)) {
                    return false;
                }
                deleteQuietly(lock);
            }
        }
        return false;
    }

    private static boolean stale(Path lock) {
        try {
            String owner = Files.readString(lock);
            long pid = Long.parseLong(owner.substring(0, owner.indexOf(' ')));
            boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
            return !alive || Files.getLastModifiedTime(lock).toInstant().isBefore(Instant.now().minus(STALE.multipliedBy(6)));
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    /** Deletes a lock only if this process owns it. */
    private static void releaseLock(Path lock) {
        try {
            if (OWNER.equals(Files.readString(lock))) {
                Files.deleteIfExists(lock);
            }
        } catch (IOException | RuntimeException e) {
            // not ours, or gone
        }
    }

    /** Deletes temporary files of recordings that never finished (their process died). */
    /** Sets an archive's modification time to now if it was set more than a day ago. */
    private static void markUsed(Path archive) {
        try {
            Instant now = Instant.now();
            if (Files.getLastModifiedTime(archive).toInstant().isBefore(now.minus(Duration.ofDays(1)))) {
                Files.setLastModifiedTime(archive, java.nio.file.attribute.FileTime.from(now));
            }
        } catch (IOException e) {
            // another user's cache: it is swept by its owner
        }
    }

    /** Deletes temporary files older than {@link #STALE} and archives unused for {@link #UNUSED}. */
    private static void sweep(Path dir) {
        Instant now = Instant.now();
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(f -> {
                String name = f.getFileName().toString();
                Instant old = name.contains(".tmp") ? now.minus(STALE) : name.endsWith(".jsa") ? now.minus(UNUSED) : null;
                try {
                    if (old != null && Files.getLastModifiedTime(f).toInstant().isBefore(old)) {
                        Files.deleteIfExists(f);
                    }
                } catch (IOException e) {
                    // another process swept it
                }
            });
        } catch (IOException | RuntimeException e) {
            // nothing to sweep
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // nothing more to do
        }
    }
}
