package io.managedobjects.internal.process;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    private JavaLauncher() {
    }

    /**
     * A JVM about to be started: its command line and its class-data sharing.
     *
     * @param command the command line
     * @param archive the class-data sharing of the JVM, or null
     */
    record Launch(List<String> command, @Nullable StartupArchive archive) {

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
                archive.started(process);
            }
            return process;
        }
    }

    /**
     * Plans a child JVM with this process's classpath and JDK, sharing its classes' data when it can
     * ({@link StartupArchive}).
     *
     * @param jvmArgs its options
     * @param mainClass its main class
     * @return the launch
     */
    static Launch launch(List<String> jvmArgs, String mainClass) {
        StartupArchive archive = StartupArchive.plan(jvmArgs, System.getProperty("java.class.path", ""), mainClass);
        List<String> options = new ArrayList<>();
        if (archive != null) {
            options.addAll(archive.options());
        }
        options.addAll(jvmArgs);
        return new Launch(command(options, mainClass), archive);
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
        return args;
    }
}
