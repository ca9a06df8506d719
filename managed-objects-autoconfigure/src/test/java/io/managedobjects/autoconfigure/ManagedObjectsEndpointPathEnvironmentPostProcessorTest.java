package io.managedobjects.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class ManagedObjectsEndpointPathEnvironmentPostProcessorTest {

    private final ManagedObjectsEndpointPathEnvironmentPostProcessor postProcessor = new ManagedObjectsEndpointPathEnvironmentPostProcessor();

    @Test
    void mapsTheEndpointToManagedObjectsByDefaultWithTheLowestPriority() {
        StandardEnvironment environment = new StandardEnvironment();

        postProcessor.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("management.endpoints.web.path-mapping.managedobjects")).isEqualTo("managed-objects");
        assertThat(environment.getPropertySources().stream().reduce((first, second) -> second).orElseThrow().getName())
                .isEqualTo(ManagedObjectsEndpointPathEnvironmentPostProcessor.PROPERTY_SOURCE_NAME);
    }

    @Test
    void keepsTheApplicationsOwnMapping() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("application",
                Map.of("management.endpoints.web.path-mapping.managedobjects", "shared")));

        postProcessor.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("management.endpoints.web.path-mapping.managedobjects")).isEqualTo("shared");
        assertThat(environment.getPropertySources().contains(ManagedObjectsEndpointPathEnvironmentPostProcessor.PROPERTY_SOURCE_NAME)).isFalse();
    }
}
