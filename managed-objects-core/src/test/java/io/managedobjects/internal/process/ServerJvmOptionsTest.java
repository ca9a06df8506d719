package io.managedobjects.internal.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The forked server's heap defaults step aside for any choice of the user's, and are not inherited by its workers. */
class ServerJvmOptionsTest {

    @Test
    void anyCollectorHeapShapingOrOptionFileChoiceReplacesTheDefaults() {
        for (String chosen : List.of("-XX:+UseG1GC", "-XX:+UseZGC", "-XX:-UseSerialGC", "-Xms1g", "-Xmn64m",
                "-XX:InitialHeapSize=1g", "-XX:MinHeapSize=512m", "-XX:NewSize=8m", "-XX:MaxNewSize=8m", "-XX:NewRatio=3",
                "-XX:InitialRAMPercentage=10", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=20", "@jvm.options",
                "-XX:VMOptionsFile=jvm.options", "-XX:Flags=.hotspotrc")) {
            assertThat(ServerJvmOptions.defaultsUnlessChosen(List.of("-Dx=1", chosen))).as(chosen).isEmpty();
        }
    }

    @Test
    void optionsThatChooseNeitherKeepTheDefaults() {
        for (String other : List.of("-Xmx256m", "-XX:MaxRAMPercentage=50", "-XX:+PrintGCDetails", "-Xlog:gc",
                "-XX:+UseGCOverheadLimit", "-Dgc=serial", "-Xss512k")) {
            assertThat(ServerJvmOptions.defaultsUnlessChosen(List.of(other))).as(other).contains("-XX:+UseSerialGC", "-Xms8m");
        }
    }

    @Test
    void aJvmStartedWithTheDefaultsDoesNotPassThemOn() {
        List<String> server = new ArrayList<>(ServerJvmOptions.DEFAULTS);
        server.add("-Xmx1g");
        assertThat(ServerJvmOptions.withoutDefaults(server)).containsExactly("-Xmx1g");
        // a user's own choice of the same option, without the defaults' mark, is passed on
        assertThat(ServerJvmOptions.withoutDefaults(List.of("-XX:+UseSerialGC"))).containsExactly("-XX:+UseSerialGC");
    }
}
