package io.managedobjects.internal.process;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.jspecify.annotations.Nullable;

/**
 * Class-data sharing for the JVMs this process starts (the forked server, child processes, pool workers): an
 * application CDS archive of the classes such a JVM loads (on JDK 25 and later, an ahead-of-time cache, which
 * also holds them linked), created by the first one of its kind and mapped by every later one, so that they
 * start without parsing and verifying those classes again.
 *
 * <p>Archives live in {@code $XDG_CACHE_HOME/managed-objects/cds} (else {@code ~/.cache/managed-objects/cds}),
 * one per kind of JVM, named by a hash of the JDK, the classpath (each jar's size and modification time
 * included: a rebuilt jar gets a new archive) and the main class. The first JVM of a kind dumps its classes
 * when it exits normally ({@code -XX:ArchiveClassesAtExit}, {@code -XX:AOTCacheOutput}) into a temporary file, which becomes the archive
 * once it is whole; JVMs started meanwhile run without one. Nothing is shared, silently, when the classpath
 * holds a directory (CDS needs jars), when the JVM options choose their own sharing settings, when the cache
 * is not writable, or when {@code -Dmanagedobjects.cds=false} is set in this process.
 */
final class StartupArchive {

    /** The system property that turns class-data sharing of started JVMs off ({@code false}). */
    static final String ENABLED = "managedobjects.cds";

    /**
     * Whether the JDK has the ahead-of-time cache (JDK 25: JEP 483 and 514, classes loaded and linked, and
     * method profiles), used instead of a dynamic CDS archive.
     */
    static final boolean AOT_CACHE = Runtime.version().feature() >= 25;

    /** A creation that left its lock behind (its JVM killed, this process gone) is retried after this. */
    private static final Duration STALE_LOCK = Duration.ofMinutes(10);

    private final Path archive;
    private final Path lock;
    private final @Nullable Path dump;

    private StartupArchive(Path archive, Path lock, @Nullable Path dump) {
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
        if ("false".equalsIgnoreCase(System.getProperty(ENABLED, "true"))) {
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
        if (choosesSharing(jvmArgs)) {
            return null;
        }
        try {
            String key = key(classPath, mainClass);
            if (key == null) {
                return null;
            }
            Files.createDirectories(dir);
            String simple = mainClass.substring(mainClass.lastIndexOf('.') + 1);
            Path archive = dir.resolve(simple + "-" + key + (AOT_CACHE ? ".aot" : ".jsa"));
            Path lock = dir.resolve(simple + "-" + key + ".lock");
            if (Files.isRegularFile(archive)) {
                return new StartupArchive(archive, lock, null);
            }
            if (!takeLock(lock)) {
                return null;
            }
            return new StartupArchive(archive, lock, dir.resolve(simple + "-" + key + "." + ProcessHandle.current().pid() + "-"
                    + System.nanoTime() + ".tmp"));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** @return the JVM options: map the archive, or create one at exit; their messages silenced either way */
    List<String> options() {
        List<String> options = new ArrayList<>();
        options.add("-Xlog:cds*=off");
        if (AOT_CACHE) {
            options.add("-Xlog:aot*=off");
            options.add(dump == null ? "-XX:AOTCache=" + archive : "-XX:AOTCacheOutput=" + dump);
        } else {
            options.add(dump == null ? "-XX:SharedArchiveFile=" + archive : "-XX:ArchiveClassesAtExit=" + dump);
        }
        return options;
    }

    /**
     * Follows the started JVM: when it dumped the archive, the archive is moved into place once it has exited.
     *
     * @param process the JVM started with {@link #options()}
     */
    void started(Process process) {
        Path creating = dump;
        if (creating != null) {
            process.onExit().thenRun(() -> finish(creating, process.exitValue() == 0));
        }
    }

    /** The JVM could not be started: a lock taken for it is given back. */
    void notStarted() {
        if (dump != null) {
            deleteQuietly(lock);
        }
    }

    private void finish(Path creating, boolean exitedNormally) {
        try {
            if (exitedNormally && Files.isRegularFile(creating) && Files.size(creating) > 0) {
                try {
                    Files.move(creating, archive, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(creating, archive, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException | RuntimeException e) {
            // no archive this time: the next JVM of the kind tries again
        } finally {
            deleteQuietly(creating);
            deleteQuietly(lock);
        }
    }

    private static boolean choosesSharing(List<String> jvmArgs) {
        for (String arg : jvmArgs) {
            if (arg.startsWith("-Xshare") || arg.startsWith("-XX:SharedArchiveFile") || arg.startsWith("-XX:ArchiveClassesAtExit")
                    || arg.contains("UseSharedSpaces") || arg.contains("AutoCreateSharedArchive") || arg.startsWith("-XX:AOTCache")
                    || arg.startsWith("-XX:AOTMode") || arg.startsWith("-XX:SharedClassListFile")) {
                return true;
            }
        }
        return false;
    }

    /** A hash of the JDK, every classpath jar (path, size, modification time) and the main class; null if a path is no jar. */
    private static @Nullable String key(String classPath, String mainClass) throws IOException {
        if (classPath.isEmpty()) {
            return null;
        }
        StringBuilder identity = new StringBuilder(System.getProperty("java.home")).append('\n')
                .append(System.getProperty("java.vm.version")).append('\n').append(mainClass).append('\n');
        for (String entry : classPath.split(File.pathSeparator)) {
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

    private static boolean takeLock(Path lock) throws IOException {
        try {
            Files.createFile(lock);
            return true;
        } catch (FileAlreadyExistsException e) {
            FileTime taken = Files.getLastModifiedTime(lock);
            if (taken.toInstant().isBefore(Instant.now().minus(STALE_LOCK))) {
                deleteQuietly(lock);
            }
            return false;
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
