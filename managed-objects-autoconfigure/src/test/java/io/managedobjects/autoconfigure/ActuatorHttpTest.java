package io.managedobjects.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedobjects.Manager;
import io.managedobjects.autoconfigure.app.TestApplication;
import io.managedobjects.autoconfigure.app.TallyUser;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The actuator endpoint, health and meters of a real application over HTTP. */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "management.endpoints.web.exposure.include=health,managedobjects",
                "management.endpoint.health.show-details=always" })
@DirtiesContext
class ActuatorHttpTest {

    @LocalServerPort
    int port;

    @Autowired
    Manager manager;

    @Autowired
    TallyUser user;

    @Autowired
    MeterRegistry registry;

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JsonMapper.builder().build().readTree(response.body());
    }

    @Test
    void endpointListsObjectsAndConnectionsThenHealthGoesDownWhenTheServerDies() throws Exception {
        user.scores.put("ann", 1);
        user.lock.lock();
        try {
            JsonNode all = json("/actuator/managed-objects");
            assertThat(all.get("server").get("pid").asLong()).isEqualTo(manager.info().server().pid());
            assertThat(all.get("server").has("uptime")).isTrue();
            assertThat(all.get("server").get("version").asString()).isNotBlank();
            JsonNode scores = null;
            for (JsonNode object : all.get("objects")) {
                if ("scores".equals(object.get("name").asString())) {
                    scores = object;
                }
            }
            assertThat(scores).isNotNull();
            assertThat(scores.get("type").asString()).isEqualTo("map");
            assertThat(scores.get("size").asInt()).isEqualTo(1);
            for (String field : new String[] {"id", "refCount", "createdAt", "calls"}) {
                assertThat(scores.has(field)).as(field).isTrue();
            }
            assertThat(all.toString()).doesNotContain("ann");
            JsonNode connections = all.get("connections");
            assertThat(connections.size()).isGreaterThanOrEqualTo(1);
            assertThat(connections.toString()).contains(user.lock.sharedId()).contains("\"heldLocks\"").contains("\"remoteAddress\"");

            assertThat(json("/actuator/managed-objects/scores").get("id").asString()).isEqualTo(user.scores.sharedId());
            assertThat(json("/actuator/managed-objects/" + user.scores.sharedId()).get("name").asString()).isEqualTo("scores");
            assertThat(get("/actuator/managed-objects/no-such-object").statusCode()).isEqualTo(404);

            assertThat(registry.find("managed.objects.calls").tag("type", "map").tag("operation", "put").tag("outcome", "success")
                    .timer()).isNotNull();
            assertThat(registry.find("managed.objects.hosted").tag("type", "map").gauge()).isNotNull();
            assertThat(registry.find("managed.objects.connections").gauge()).isNotNull();
            assertThat(registry.find("managed.objects.bytes.sent").counters()).isNotEmpty();

            JsonNode health = json("/actuator/health");
            assertThat(health.get("components").get("managedObjects").get("status").asString()).isEqualTo("UP");
        } finally {
            user.lock.unlock();
        }

        ProcessHandle server = ProcessHandle.of(manager.info().server().pid()).orElseThrow();
        server.destroyForcibly();
        server.onExit().get(30, TimeUnit.SECONDS);
        HttpResponse<String> down = get("/actuator/health");
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.body()).contains("\"managedObjects\"").contains("DOWN").contains("unreachable");
    }
}
