package io.managedobjects.autoconfigure;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Maps the {@code managedobjects} Actuator endpoint to {@code /actuator/managed-objects} by default: adds
 * {@code management.endpoints.web.path-mapping.managedobjects=managed-objects} as the last (lowest
 * priority) property source, unless the application already sets that property.
 */
class ManagedObjectsEndpointPathEnvironmentPostProcessor implements EnvironmentPostProcessor {

    /** The property that maps the endpoint's path. */
    static final String PATH_MAPPING = "management.endpoints.web.path-mapping.managedobjects";

    /** The name of the property source holding the default. */
    static final String PROPERTY_SOURCE_NAME = "managedObjectsDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.containsProperty(PATH_MAPPING) || environment.getPropertySources().contains(PROPERTY_SOURCE_NAME)) {
            return;
        }
        environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, Map.of(PATH_MAPPING, "managed-objects")));
    }
}
