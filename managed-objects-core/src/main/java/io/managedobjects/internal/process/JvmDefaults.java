package io.managedobjects.internal.process;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Options the library gives a JVM it starts, where the user chose nothing of the kind. Any option of the kind in the
 * JVM's own options ({@code jvmArgs}, {@code processJvmArgs}, the options of the JVM that starts it) or in the
 * {@code JAVA_TOOL_OPTIONS}-style variables replaces them all, as does an option file ({@code @file},
 * {@code -XX:VMOptionsFile}, {@code -XX:Flags}), which could choose anything. Each set is marked on the started JVM's
 * command line, so that the JVMs that one starts in turn decide afresh instead of taking them for the user's choice.
 */
final class JvmDefaults {

    /**
     * The forked server's heap, chosen for a process that holds data: the serial collector, which keeps no
     * per-region bookkeeping and returns memory after a full collection, and a heap that starts small and grows with
     * the data instead of one sized from the machine's memory (a 24 GiB machine's default initial heap is 384 MiB, all
     * of it touched before the first collection). With them a server holding a million {@code int → int} entries has
     * about a third of the resident memory it had on the JVM's defaults. Chosen otherwise by any collector or
     * heap-shaping option; {@code -Xmx} alone keeps them.
     */
    static final JvmDefaults SERVER_HEAP = new JvmDefaults("server.heapDefaults", List.of("-XX:+UseSerialGC", "-Xms8m"),
            Pattern.compile("-(Xms|Xmn|XX:[+-]Use\\w*GC$|XX:(InitialHeapSize|MinHeapSize|NewSize|MaxNewSize|NewRatio"
                    + "|InitialRAMPercentage|InitialRAMFraction|MinHeapFreeRatio|MaxHeapFreeRatio)=)"), null);

    /**
     * The compilers of a child started with {@code process(...)}: the library's own code there (the calls, the
     * socket, the CBOR codec) is compiled by C1 only, while the task's code gets C2 as in any JVM. That code waits
     * on a socket, where C2's code is no faster, and a fresh child spent more CPU compiling it with C2 than making its
     * calls: four fresh children putting 20,000 entries each on 2 vCPUs spent 0.7–0.8 s of C2 each, against
     * 0.13–0.19 s with these options. HotSpot has no product option to keep C2 off some methods, so the options set
     * C2's node limit of those methods to 1: C2 gives each up at once ("retry at different tier"), and C1 compiles it
     * fully. {@code quiet} keeps the JVM from echoing them. Chosen otherwise by any option about the compilers;
     * {@code -Dmanagedobjects.processCompileCommands=false} on the JVM that starts the children turns them off.
     */
    static final JvmDefaults CHILD_COMPILER = new JvmDefaults("process.compilerDefaults",
            List.of("-XX:CompileCommand=quiet", "-XX:CompileCommand=MaxNodeLimit,io/managedobjects/internal/*.*,1",
                    "-XX:CompileCommand=MaxNodeLimit,tools/jackson/dataformat/cbor/*.*,1"),
            Pattern.compile("-(Xint$|Xcomp$|XX:[+-](TieredCompilation|UseCompiler|UseJVMCICompiler|EnableJVMCI)$"
                    + "|XX:(CompileCommand|CompileCommandFile|CompilerDirectivesFile|TieredStopAtLevel|CompilationMode"
                    + "|MaxNodeLimit)=)"),
            "managedobjects.processCompileCommands");

    private static final List<JvmDefaults> ALL = List.of(SERVER_HEAP, CHILD_COMPILER);

    /** Options that read more options from a file, which could choose anything. */
    private static final Pattern OPTION_FILES = Pattern.compile("@|-XX:(VMOptionsFile|Flags)=");

    private final String marker;
    private final List<String> options;
    private final Pattern choices;
    private final @Nullable String switchProperty;

    private JvmDefaults(String name, List<String> options, Pattern choices, @Nullable String switchProperty) {
        this.marker = "-Dmanagedobjects." + name + "=true";
        this.options = options;
        this.choices = choices;
        this.switchProperty = switchProperty;
    }

    /**
     * The options a JVM starts with, the mark first, unless its options or the environment choose their own kind, or
     * this JVM's switch property turns them off.
     *
     * @param jvmArgs the started JVM's options
     * @return the defaults with their mark, or nothing
     */
    List<String> unlessChosen(List<String> jvmArgs) {
        if (switchProperty != null && "false".equalsIgnoreCase(System.getProperty(switchProperty))) {
            return List.of();
        }
        boolean chosen = Stream.concat(jvmArgs.stream(), JavaLauncher.environmentOptions().stream())
                .anyMatch(option -> choices.matcher(option).lookingAt() || OPTION_FILES.matcher(option).lookingAt());
        return chosen ? List.of() : withMark();
    }

    /** @return the defaults as they appear on a command line: the mark, then the options */
    List<String> withMark() {
        List<String> marked = new ArrayList<>();
        marked.add(marker);
        marked.addAll(options);
        return marked;
    }

    /**
     * A started JVM's options without the defaults it was started with: the JVMs it starts decide theirs afresh (a
     * pool worker's heap is a worker's, not a data holder's).
     *
     * @param inherited the options of this JVM
     * @return the same, minus each set of defaults whose mark they hold
     */
    static List<String> withoutDefaults(List<String> inherited) {
        List<String> kept = new ArrayList<>(inherited);
        for (JvmDefaults defaults : ALL) {
            if (kept.remove(defaults.marker)) {
                for (String option : defaults.options) {
                    kept.remove(option);
                }
            }
        }
        return kept;
    }
}
