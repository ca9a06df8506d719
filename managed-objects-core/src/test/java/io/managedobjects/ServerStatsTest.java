package io.managedobjects;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@code stats()}: the counts of {@code info()} without its lists, for health checks and gauges. */
class ServerStatsTest {

    private static final byte[] KEY = "server-stats-test-key-0123456789".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    @Test
    void statsCountWhatInfoListsByTypeWithTheServersIdentity() {
        try (ManagerServer server = ManagerServer.builder().authKey(KEY).build().start();
                Manager manager = Manager.connect(server.address(), KEY);
                Manager other = Manager.connect(server.address(), KEY)) {
            manager.map("stats-map");
            manager.list("stats-list-1");
            manager.list("stats-list-2");
            other.queue("stats-queue");
            other.array("stats-array", 3);

            ManagerStats stats = manager.stats();
            ManagerInfo info = manager.info();
            Map<String, Integer> byType = info.objects().stream()
                    .collect(Collectors.toMap(ObjectInfo::type, o -> 1, Integer::sum));
            assertThat(stats.objectsByType()).isEqualTo(byType).containsEntry("list", 2).containsEntry("longArray", 1);
            assertThat(stats.objects()).isEqualTo(info.objects().size());
            assertThat(stats.connections()).isEqualTo(info.connections().size()).isGreaterThanOrEqualTo(2);
            assertThat(stats.server().pid()).isEqualTo(info.server().pid());
            assertThat(stats.server().address()).isEqualTo(info.server().address());
            assertThat(stats.server().version()).isEqualTo(info.server().version());
        }
    }
}
