package io.managedobjects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ForkedManagerTest {

    static Manager manager;

    @BeforeAll
    static void start() {
        manager = Manager.start();
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    @Test
    void startForksAServerOnAPrivateUnixSocket() {
        assertThat(manager.address()).startsWith("unix:/");
        ManagerInfo info = manager.info();
        assertThat(info.server().pid()).isNotEqualTo(ProcessHandle.current().pid());
        assertThat(info.server().address()).isEqualTo(manager.address());
    }

    @Test
    void theForkedServerHoldsDataOnASmallSerialHeapUnlessItsJvmArgsChooseAnother() {
        assertThat(serverArguments(manager)).contains("-XX:+UseSerialGC", "-Xms8m");
        try (Manager chosen = Manager.builder().jvmArgs("-XX:+UseParallelGC", "-Xmx256m").start()) {
            assertThat(serverArguments(chosen)).contains("-XX:+UseParallelGC", "-Xmx256m")
                    .doesNotContain("-XX:+UseSerialGC", "-Xms8m");
            assertThat(chosen.<String, Integer>map().put("k", 1)).isNull();
        }
        try (Manager bounded = Manager.builder().jvmArgs("-Xmx256m").start()) {
            assertThat(serverArguments(bounded)).contains("-XX:+UseSerialGC", "-Xms8m", "-Xmx256m");
        }
    }

    private static List<String> serverArguments(Manager manager) {
        return ProcessHandle.of(manager.info().server().pid()).orElseThrow().info().arguments().map(List::of).orElseThrow();
    }

    @Test
    void mapAndListCallsRunOnTheServer() {
        SharedMap<String, Integer> map = manager.map();
        assertThat(map.put("a", 1)).isNull();
        assertThat(map.put("a", 2)).isEqualTo(1);
        assertThat(map.get("a")).isEqualTo(2);
        assertThat(map.merge("a", 5, Integer::sum)).isEqualTo(7);
        assertThat(map).isEqualTo(Map.of("a", 7));
        assertThat(map.toString()).isEqualTo("{a=7}");

        SharedList<Object> list = manager.list();
        list.add(1L);
        list.add(List.of(1, "x"));
        assertThat(list.get(0)).isInstanceOf(Long.class);
        assertThat(list).containsExactly(1L, List.of(1, "x"));
        assertThatThrownBy(() -> list.get(5)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void namedObjectsAreGetOrCreate() {
        SharedMap<String, String> a = manager.map("named-scores");
        SharedMap<String, String> b = manager.map("named-scores");
        a.put("k", "v");
        assertThat(b.get("k")).isEqualTo("v");
        assertThat(a.sharedId()).isEqualTo(b.sharedId());
        assertThatThrownBy(() -> manager.list("named-scores")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already holds a shared map");
    }

    @Test
    void builderForksAServerOnTcpLoopbackWithTheRealPortAndTheGivenJvmArgs() throws java.io.IOException {
        try (Manager tcp = Manager.builder().address("tcp://127.0.0.1:0").jvmArgs("-Dmanaged.objects.test.marker=on")
                .startTimeout(Duration.ofSeconds(60)).start()) {
            assertThat(tcp.address()).matches("tcp://127\\.0\\.0\\.1:[1-9][0-9]*");
            SharedList<String> list = tcp.list();
            list.add("over tcp");
            assertThat(list).containsExactly("over tcp");
            long pid = tcp.info().server().pid();
            String commandLine = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ');
            assertThat(commandLine).contains("-Dmanaged.objects.test.marker=on");
        }
    }

    @Test
    void serverThatDoesNotStartInTimeFailsClearlyAndLeavesNoProcess() {
        assertThatThrownBy(() -> Manager.builder().startTimeout(Duration.ofMillis(1)).start())
                .isInstanceOf(ManagerException.class)
                .hasMessageContaining("did not become ready within")
                .hasMessageContaining("startTimeout");
    }

    @Test
    void badJvmArgsMakeTheServerExitAndTheErrorSaysSo() {
        assertThatThrownBy(() -> Manager.builder().jvmArgs("-XX:+NoSuchOptionAnywhere").start())
                .isInstanceOf(ManagerException.class)
                .hasMessageContaining("before it was ready");
    }
}
