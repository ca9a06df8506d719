package io.managedobjects.internal.process;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The heap of a forked server, chosen for a process that holds data: the serial collector, which keeps no
 * per-region bookkeeping and returns memory after a full collection, and a heap that starts small and grows
 * with the data instead of one sized from the machine's memory (a 24 GiB machine's default initial heap is
 * 384 MiB, all of it touched before the first collection). With them a server holding a million
 * {@code int → int} entries has about a third of the resident memory it had on the JVM's defaults.
 *
 * <p>Any collector or heap-shaping option in the server's own options ({@code jvmArgs}, the starter's
 * {@code managed-objects.server.jvm-args}) or in {@code JAVA_TOOL_OPTIONS}-style variables replaces them all, as
 * does an option file ({@code @file}, {@code -XX:VMOptionsFile}, {@code -XX:Flags}), which could choose anything.
 */
final class ServerJvmOptions {

    /** Marks the defaults on the server's command line, so that the JVMs it starts (pool workers) do not inherit them. */
    private static final String MARKER = "-Dmanagedobjects.server.heapDefaults=true";

    /** What the forked server starts with when nothing chooses otherwise. */
    static final List<String> DEFAULTS = List.of(MARKER, "-XX:+UseSerialGC", "-Xms8m");

    /** Options that choose a collector or shape the heap's start, its young generation or its growth. */
    private static final Pattern HEAP_SHAPING = Pattern.compile("-(Xms|Xmn|XX:[+-]Use\\w*GC$|XX:(InitialHeapSize|MinHeapSize"
            + "|NewSize|MaxNewSize|NewRatio|InitialRAMPercentage|InitialRAMFraction|MinHeapFreeRatio|MaxHeapFreeRatio)=)");

    /** Options that read more options from a file, which could choose anything. */
    private static final Pattern OPTION_FILES = Pattern.compile("@|-XX:(VMOptionsFile|Flags)=");

    private ServerJvmOptions() {
    }

    /**
     * The defaults, unless the server's options or the environment choose a collector or shape the heap.
     *
     * @param jvmArgs the server's own options
     * @return the defaults, or nothing
     */
    static List<String> defaultsUnlessChosen(List<String> jvmArgs) {
        boolean chosen = Stream.concat(jvmArgs.stream(), JavaLauncher.environmentOptions().stream())
                .anyMatch(option -> HEAP_SHAPING.matcher(option).lookingAt() || OPTION_FILES.matcher(option).lookingAt());
        return chosen ? List.of() : DEFAULTS;
    }

    /**
     * A started JVM's options without the server's defaults: a pool worker the server starts inherits the server's
     * options, but its heap is a worker's, not a data holder's.
     *
     * @param inherited the options of this JVM
     * @return the same, minus the defaults if this JVM was started with them
     */
    static List<String> withoutDefaults(List<String> inherited) {
        if (!inherited.contains(MARKER)) {
            return inherited;
        }
        List<String> kept = new java.util.ArrayList<>(inherited);
        for (String option : DEFAULTS) {
            kept.remove(option);
        }
        return kept;
    }
}
