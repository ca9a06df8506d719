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
 * {@code managed-objects.server.jvm-args}) or in {@code JAVA_TOOL_OPTIONS}-style variables replaces them all.
 */
final class ServerJvmOptions {

    /** What the forked server starts with when nothing chooses otherwise. */
    static final List<String> DEFAULTS = List.of("-XX:+UseSerialGC", "-Xms8m");

    /** Options that choose a collector or shape the heap's start, its young generation or its growth. */
    private static final Pattern HEAP_SHAPING = Pattern.compile("-(Xms|Xmn|XX:[+-]Use\\w*GC$|XX:(InitialHeapSize|NewSize"
            + "|MaxNewSize|NewRatio|InitialRAMPercentage|InitialRAMFraction|MinHeapFreeRatio|MaxHeapFreeRatio)=)");

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
                .anyMatch(option -> HEAP_SHAPING.matcher(option).lookingAt());
        return chosen ? List.of() : DEFAULTS;
    }
}
