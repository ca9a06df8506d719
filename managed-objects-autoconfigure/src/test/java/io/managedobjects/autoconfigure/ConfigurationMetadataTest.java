package io.managedobjects.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The configuration metadata IDEs read: every property described, the health switch listed, the modes hinted. */
class ConfigurationMetadataTest {

    private static JsonNode metadata() throws Exception {
        try (InputStream in = ConfigurationMetadataTest.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("the generated configuration metadata").isNotNull();
            return JsonMapper.builder().build().readTree(in);
        }
    }

    private static JsonNode named(JsonNode array, String name) {
        for (JsonNode node : array) {
            if (name.equals(node.get("name").asString())) {
                return node;
            }
        }
        throw new AssertionError(name + " is not in the metadata");
    }

    @Test
    void everyPropertyIsDescribedAndTheHealthSwitchIsListed() throws Exception {
        JsonNode properties = metadata().get("properties");
        for (JsonNode property : properties) {
            assertThat(property.path("description").asString("")).as(property.get("name").asString()).isNotBlank();
        }
        for (String name : List.of("managed-objects.session-timeout", "managed-objects.ssl.bundle", "managed-objects.ssl.client-auth",
                "managed-objects.server.max-frame-size", "managed-objects.server.max-connections", "managed-objects.server.handshake-timeout",
                "managed-objects.process-output", "managed-objects.process-jvm-args", "managed-objects.cache.enabled", "managed-objects.cache.cache-names",
                "managed-objects.cache.allow-null-values", "managed-objects.cache.prefix")) {
            named(properties, name);
        }
        JsonNode health = named(properties, "management.health.managedobjects.enabled");
        assertThat(health.get("type").asString()).isEqualTo("java.lang.Boolean");
        assertThat(health.get("defaultValue").asBoolean()).isTrue();
    }

    @Test
    void theModeHintsAreExactlyTheModes() throws Exception {
        List<String> hinted = new ArrayList<>();
        named(metadata().get("hints"), "managed-objects.mode").get("values").forEach(value -> {
            hinted.add(value.get("value").asString());
            assertThat(value.path("description").asString("")).isNotBlank();
        });
        assertThat(hinted).containsExactlyElementsOf(Arrays.stream(ManagedObjectsProperties.Mode.values())
                .map(mode -> mode.name().toLowerCase(Locale.ROOT)).toList());
    }
}
