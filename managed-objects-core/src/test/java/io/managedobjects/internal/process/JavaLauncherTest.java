package io.managedobjects.internal.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.spi.SelectorProvider;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command lines of the JVMs a manager starts. */
class JavaLauncherTest {

    private static final String PROPERTY = "-Djava.nio.channels.spi.SelectorProvider=";

    @Test
    void aStartedJvmIsToldTheJdksSelectorProviderSoThatItOpensNoJarToLookForAnother() {
        String jdks = SelectorProvider.provider().getClass().getName();
        assertThat(JavaLauncher.withSelectorProvider(List.of("-Xmx64m"))).containsExactly("-Xmx64m", PROPERTY + jdks);
        assertThat(JavaLauncher.launch(List.of("-Xmx64m"), CdsHello.class.getName(), false).command())
                .contains(PROPERTY + jdks).containsOnlyOnce(PROPERTY + jdks);
    }

    @Test
    void aProviderTheOptionsNameIsKept() {
        List<String> chosen = List.of(PROPERTY + "com.example.OwnSelectorProvider", "-Xmx64m");
        assertThat(JavaLauncher.withSelectorProvider(chosen)).isEqualTo(chosen);
    }
}
