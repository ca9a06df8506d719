package io.managedobjects.internal.process;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.jspecify.annotations.Nullable;

/**
 * Builds the command line of a child JVM with this process's classpath: a plain classpath as is, or
 * a Spring Boot executable jar through its {@code PropertiesLauncher} (a plain {@code -cp app.jar}
 * cannot see the nested jars).
 */
final class JavaLauncher {

    private static final String BOOT_LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";

    /** The system property the JDK reads for the class of its selector provider (every NIO channel's factory). */
    private static final String SELECTOR_PROVIDER = "java.nio.channels.spi.SelectorProvider";

    private JavaLauncher() {
    }

    /** A JVM about to be started: its command line and its class-data sharing. */
    static final class Launch {

        private final List<String> command;
        private final @Nullable StartupArchive archive;
        private CompletableFuture<Void> afterExit = CompletableFuture.completedFuture(null);
        private volatile boolean exitedOnItsOwn;

        Launch(List<String> command, @Nullable StartupArchive archive) {
            this.command = command;
            this.archive = archive;
        }

        /** @return the command line */
        List<String> command() {
            return command;
        }

        /** @return whether the JVM records or maps a class-data archive */
        boolean shares() {
            return archive != null;
        }

        /**
         * Notes whether a JVM that did not become ready has exited on its own (a failure to start), rather than
         * being still alive (a timeout); waits a moment for a JVM that closed its output to end.
         *
         * @param started the JVM
         */
        void noteExit(Process started) {
            try {
                exitedOnItsOwn = started.waitFor(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** @return whether the JVM exited on its own before it was ready */
        boolean exitedOnItsOwn() {
            return exitedOnItsOwn;
        }

        /**
         * Starts the JVM.
         *
         * @param configure sets up the process builder (redirects)
         * @return the process
         * @throws IOException if it cannot be started
         */
        Process start(UnaryOperator<ProcessBuilder> configure) throws IOException {
            Process process;
            try {
                process = configure.apply(new ProcessBuilder(command)).start();
            } catch (IOException | RuntimeException e) {
                if (archive != null) {
                    archive.notStarted();
                }
                throw e;
            }
            if (archive != null) {
                afterExit = archive.started(process);
            }
            return process;
        }

        /**
         * Kills the JVM on purpose (its death then says nothing about its class-data archive).
         *
         * @param started the JVM this launch started
         */
        void kill(Process started) {
            if (archive != null) {
                archive.killedOnPurpose();
            }
            started.destroyForcibly();
        }

        /** The JVM failed before it was ready: its kind is not shared again in this process. */
        void failedAtStart() {
            if (archive != null) {
                archive.failedAtStart();
            }
        }

        /**
         * Waits a bounded time for what follows the JVM's exit (moving a recorded archive into place).
         *
         * @param timeout how long at most
         */
        void awaitAfterExit(Duration timeout) {
            try {
                afterExit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // the archive is not in place: the next JVM of the kind records again
            }
        }
    }

    /**
     * Plans a child JVM with this process's classpath and JDK, sharing its classes' data when it can
     * ({@link StartupArchive}).
     *
     * @param jvmArgs its options
     * @param mainClass its main class
     * @param share whether to share class data (false: a retry after a JVM that failed with it)
     * @return the launch
     */
    static Launch launch(List<String> jvmArgs, String mainClass, boolean share) {
        List<String> own = withSelectorProvider(jvmArgs);
        StartupArchive archive = share ? StartupArchive.plan(own, System.getProperty("java.class.path", ""), mainClass) : null;
        List<String> options = new ArrayList<>();
        if (archive != null) {
            options.addAll(archive.options());
        }
        options.addAll(own);
        return new Launch(command(options, mainClass), archive);
    }

    /**
     * A started JVM's options, with the JDK's selector provider named. Without it, a JVM's first socket makes the
     * JDK look for other providers with a {@code ServiceLoader}, which opens every jar of the classpath: 15–20 ms of a
     * started JVM's way to its first call with a large jar, and mostly the only reason to open it at all, as its
     * classes come from the class-data archive. Only the JDK's own provider (this JVM's, of {@code java.base}, which
     * the JDK instantiates from the property) is named; a provider the options or this JVM chose is kept.
     *
     * @param jvmArgs the options
     * @return the options, with the provider's property last if it was added
     */
    static List<String> withSelectorProvider(List<String> jvmArgs) {
        String option = "-D" + SELECTOR_PROVIDER + "=";
        if (System.getProperty(SELECTOR_PROVIDER) != null
                || java.util.stream.Stream.concat(jvmArgs.stream(), environmentOptions().stream()).anyMatch(arg -> arg.startsWith(option))) {
            return jvmArgs;
        }
        Class<?> provider = java.nio.channels.spi.SelectorProvider.provider().getClass();
        try {
            provider.getConstructor();
        } catch (NoSuchMethodException e) {
            return jvmArgs;
        }
        if (provider.getModule() != Object.class.getModule()) {
            return jvmArgs;
        }
        List<String> with = new ArrayList<>(jvmArgs);
        with.add(option + provider.getName());
        return with;
    }

    static List<String> command(List<String> jvmArgs, String mainClass) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        String classPath = System.getProperty("java.class.path", "");
        command.add("-cp");
        command.add(classPath);
        if (isBootJar(classPath)) {
            command.add("-Dloader.main=" + mainClass);
            command.add(BOOT_LAUNCHER);
        } else {
            command.add(mainClass);
        }
        return command;
    }

    private static boolean isBootJar(String classPath) {
        if (classPath.contains(File.pathSeparator) || !classPath.endsWith(".jar")) {
            return false;
        }
        try (JarFile jar = new JarFile(classPath)) {
            Manifest manifest = jar.getManifest();
            String main = manifest == null ? null : manifest.getMainAttributes().getValue("Main-Class");
            return main != null && main.startsWith("org.springframework.boot.loader.");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The options in the variables every started JVM reads, which no command line shows
     * ({@code JAVA_TOOL_OPTIONS}, {@code JDK_JAVA_OPTIONS}, {@code _JAVA_OPTIONS}).
     *
     * @return the options, one per element
     */
    static List<String> environmentOptions() {
        List<String> options = new ArrayList<>();
        for (String variable : List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS")) {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                options.addAll(List.of(value.trim().split("\\s+")));
            }
        }
        return options;
    }

    /**
     * The options of a child JVM a manager starts: the children's compiler defaults unless chosen otherwise
     * ({@link JvmDefaults#CHILD_COMPILER}), this JVM's options (as {@link #inheritedJvmArgs()}), then the manager's
     * extra options for its children.
     *
     * @param parent the manager starting the child
     * @return the options
     */
    static List<String> childJvmArgs(ProcessParent parent) {
        List<String> own = new ArrayList<>(inheritedJvmArgs());
        own.addAll(parent.childSettings().processJvmArgs());
        List<String> args = new ArrayList<>(JvmDefaults.CHILD_COMPILER.unlessChosen(own));
        args.addAll(own);
        return args;
    }

    /** This JVM's options, minus those that cannot be shared (a debugger's or JMX agent's port). */
    static List<String> inheritedJvmArgs() {
        List<String> args = new ArrayList<>();
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("-agentlib:jdwp") || arg.startsWith("-Xrunjdwp") || arg.startsWith("-Dloader.main=")
                    || arg.startsWith("-Dcom.sun.management.jmxremote")) {
                continue;
            }
            args.add(arg);
        }
        // a forked server's or child's own class-data options name its archive, not its children's; its defaults
        // (a server's heap, a child's compilers) are for it, and the JVMs it starts decide theirs afresh
        return JvmDefaults.withoutDefaults(StartupArchive.withoutOwnOptions(args));
    }
}
