package io.managedobjects.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedobjects.Manager;
import io.managedobjects.ManagerServer;
import io.managedobjects.SharedLock;
import io.managedobjects.SharedMap;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ManagedObjectsEndpointTest {

    private static final byte[] KEY = "endpoint-test-key".getBytes(StandardCharsets.UTF_8);

    private ManagerServer server;
    private Manager manager;
    private ManagedObjectsEndpoint endpoint;

    @BeforeEach
    void start() {
        server = ManagerServer.builder().authKey(KEY).build().start();
        manager = Manager.connect(server.address(), KEY);
        endpoint = new ManagedObjectsEndpoint(manager);
    }

    @AfterEach
    void stop() {
        try {
            if (manager != null) {
                manager.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    void showsTheServerItsObjectsAndConnections() {
        SharedMap<String, Integer> scores = manager.map("scores");
        scores.put("ann-secret-key", 3);

        Map<String, Object> info = endpoint.managedObjects();

        assertThat(info).containsOnlyKeys("server", "objects", "connections");
        Map<String, Object> server = map(info.get("server"));
        assertThat(server).containsOnlyKeys("address", "pid", "uptime", "version");
        assertThat(server.get("address")).isEqualTo(this.server.address());
        assertThat(server.get("pid")).isEqualTo(ProcessHandle.current().pid());
        assertThat(Duration.parse((String) server.get("uptime")).isNegative()).isFalse();
        assertThat((String) server.get("version")).isNotBlank();

        Map<String, Object> object = list(info.get("objects")).stream().filter(o -> "scores".equals(o.get("name"))).findFirst().orElseThrow();
        assertThat(object).containsOnlyKeys("id", "name", "type", "refCount", "size", "createdAt", "calls", "state");
        assertThat(object).containsEntry("id", scores.sharedId()).containsEntry("type", "map").containsEntry("size", 1);
        assertThat((Long) object.get("refCount")).isGreaterThanOrEqualTo(1);
        assertThat((Long) object.get("calls")).isGreaterThanOrEqualTo(1);
        assertThat(Instant.parse((String) object.get("createdAt"))).isBeforeOrEqualTo(Instant.now());
        assertThat(object.get("state")).isInstanceOf(Map.class);

        List<Map<String, Object>> connections = list(info.get("connections"));
        assertThat(connections).isNotEmpty();
        assertThat(connections).allSatisfy(c -> assertThat(c).containsOnlyKeys("id", "pid", "remoteAddress", "connectedAt", "calls", "heldLocks"));
        assertThat(connections).anyMatch(c -> Long.valueOf(ProcessHandle.current().pid()).equals(c.get("pid")));
        assertThat(connections).allSatisfy(c -> assertThat(Instant.parse((String) c.get("connectedAt"))).isBeforeOrEqualTo(Instant.now()));

        // metadata only: never a key or a value of the object
        assertThat(info.toString()).doesNotContain("ann-secret-key");
    }

    @Test
    void anonymousObjectsKeepANullNameAndObjectsWithoutASizeANullSize() {
        SharedMap<String, Integer> anonymous = manager.map();
        SharedLock lock = manager.lock("the-lock");

        Map<String, Object> anonymousMap = endpoint.object(anonymous.sharedId());
        assertThat(anonymousMap).containsEntry("name", null).containsEntry("type", "map");

        Map<String, Object> lockMap = endpoint.object("the-lock");
        assertThat(lockMap).containsEntry("id", lock.sharedId()).containsEntry("type", "lock").containsEntry("size", null);
        assertThat(map(lockMap.get("state"))).containsEntry("locked", false);
        assertThat(anonymous).isEmpty(); // keeps the anonymous map referenced (and so hosted) until here
    }

    @Test
    void selectsOneObjectByIdOrByNameAndNothingForAnUnknownOne() {
        SharedMap<String, Integer> scores = manager.map("scores");
        scores.put("ann", 3);

        Map<String, Object> byName = endpoint.object("scores");
        assertThat(byName).isNotNull().containsEntry("id", scores.sharedId()).containsEntry("name", "scores");

        Map<String, Object> byId = endpoint.object(scores.sharedId());
        assertThat(byId).isNotNull().containsEntry("name", "scores").containsEntry("type", "map");

        assertThat(endpoint.object("no-such-object")).isNull();
    }

    @Test
    void rendersAsPredictableJson() {
        manager.map("scores").put("ann", 3);

        JsonMapper mapper = JsonMapper.builder().build();
        JsonNode json = mapper.readTree(mapper.writeValueAsString(endpoint.managedObjects()));

        assertThat(json.get("server").get("uptime").asString()).startsWith("PT");
        assertThat(json.get("server").get("pid").isIntegralNumber()).isTrue();
        JsonNode scores = null;
        for (JsonNode object : json.get("objects")) {
            if (object.get("name").isString() && "scores".equals(object.get("name").asString())) {
                scores = object;
            }
        }
        assertThat(scores).isNotNull();
        assertThat(scores.get("size").asInt()).isEqualTo(1);
        assertThat(scores.get("createdAt").isString()).isTrue();
        assertThat(json.get("connections").isArray()).isTrue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return (List<Map<String, Object>>) value;
    }
}
