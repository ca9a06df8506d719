package io.managedobjects.internal.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The forked server's heap defaults and a child's compiler defaults step aside for any choice of the user's of the
 * same kind, and are not inherited by the JVMs started in turn.
 */
class JvmDefaultsTest {

    @Test
    void anyCollectorHeapShapingOrOptionFileChoiceReplacesTheServerHeapDefaults() {
        for (String chosen : List.of("-XX:+UseG1GC", "-XX:+UseZGC", "-XX:-UseSerialGC", "-Xms1g", "-Xmn64m",
                "-XX:InitialHeapSize=1g", "-XX:MinHeapSize=512m", "-XX:NewSize=8m", "-XX:MaxNewSize=8m", "-XX:NewRatio=3",
                "-XX:InitialRAMPercentage=10", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=20", "@jvm.options",
                "-XX:VMOptionsFile=jvm.options", "-XX:Flags=.hotspotrc")) {
            assertThat(JvmDefaults.SERVER_HEAP.unlessChosen(List.of("-Dx=1", chosen))).as(chosen).isEmpty();
        }
    }

    @Test
    void optionsThatChooseNeitherCollectorNorHeapKeepTheServerHeapDefaults() {
        for (String other : List.of("-Xmx256m", "-XX:MaxRAMPercentage=50", "-XX:+PrintGCDetails", "-Xlog:gc",
                "-XX:+UseGCOverheadLimit", "-Dgc=serial", "-Xss512k", "-XX:TieredStopAtLevel=1")) {
            assertThat(JvmDefaults.SERVER_HEAP.unlessChosen(List.of(other))).as(other)
                    .containsExactly("-Dmanagedobjects.server.heapDefaults=true", "-XX:+UseSerialGC", "-Xms8m");
        }
    }

    @Test
    void anyChoiceAboutTheCompilersOrAnOptionFileReplacesTheChildCompilerDefaults() {
        for (String chosen : List.of("-XX:TieredStopAtLevel=1", "-XX:-TieredCompilation", "-XX:+TieredCompilation", "-Xint",
                "-Xcomp", "-XX:CompileCommand=exclude,com/example/*.*", "-XX:CompileCommand=quiet",
                "-XX:CompileCommandFile=.hotspot_compiler", "-XX:CompilerDirectivesFile=directives.json",
                "-XX:CompilationMode=high-only", "-XX:+UseJVMCICompiler", "-XX:+EnableJVMCI", "-XX:-UseCompiler",
                "-XX:MaxNodeLimit=100000", "@jvm.options", "-XX:VMOptionsFile=jvm.options")) {
            assertThat(JvmDefaults.CHILD_COMPILER.unlessChosen(List.of("-Dx=1", chosen))).as(chosen).isEmpty();
        }
    }

    @Test
    void optionsAboutOtherThingsKeepTheChildCompilerDefaultsWithTheQuietCommandFirst() {
        for (String other : List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:+PrintCompilation", "-Xlog:jit+compilation=debug",
                "-XX:CICompilerCount=2", "-Dcompile=no", "-XX:ReservedCodeCacheSize=64m")) {
            assertThat(JvmDefaults.CHILD_COMPILER.unlessChosen(List.of(other))).as(other).containsExactly(
                    "-Dmanagedobjects.process.compilerDefaults=true", "-XX:CompileCommand=quiet",
                    "-XX:CompileCommand=MaxNodeLimit,io/managedobjects/internal/*.*,1",
                    "-XX:CompileCommand=MaxNodeLimit,tools/jackson/dataformat/cbor/*.*,1");
        }
    }

    @Test
    void theSwitchPropertyOfTheStartingJvmTurnsTheChildCompilerDefaultsOff() {
        String property = "managedobjects.processCompileCommands";
        String before = System.getProperty(property);
        System.setProperty(property, "false");
        try {
            assertThat(JvmDefaults.CHILD_COMPILER.unlessChosen(List.of())).isEmpty();
            // the server's heap has no such switch: only a choice of the user's replaces it
            assertThat(JvmDefaults.SERVER_HEAP.unlessChosen(List.of())).contains("-XX:+UseSerialGC");
        } finally {
            if (before == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, before);
            }
        }
        assertThat(JvmDefaults.CHILD_COMPILER.unlessChosen(List.of())).contains("-XX:CompileCommand=quiet");
    }

    @Test
    void aJvmStartedWithDefaultsDoesNotPassThemOn() {
        List<String> server = new ArrayList<>(JvmDefaults.SERVER_HEAP.withMark());
        server.add("-Xmx1g");
        assertThat(JvmDefaults.withoutDefaults(server)).containsExactly("-Xmx1g");
        List<String> child = new ArrayList<>(JvmDefaults.CHILD_COMPILER.withMark());
        child.add("-Dapp=1");
        assertThat(JvmDefaults.withoutDefaults(child)).containsExactly("-Dapp=1");
        // a user's own choice of the same options, without the defaults' mark, is passed on
        assertThat(JvmDefaults.withoutDefaults(List.of("-XX:+UseSerialGC", "-XX:CompileCommand=quiet")))
                .containsExactly("-XX:+UseSerialGC", "-XX:CompileCommand=quiet");
    }
}
