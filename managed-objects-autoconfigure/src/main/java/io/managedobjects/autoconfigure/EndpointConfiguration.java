package io.managedobjects.autoconfigure;

import io.managedobjects.Manager;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The {@code managedobjects} Actuator endpoint, when Actuator is present and the endpoint is available. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnAvailableEndpoint(ManagedObjectsEndpoint.class)
class EndpointConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(Manager.class)
    ManagedObjectsEndpoint managedObjectsEndpoint(Manager manager) {
        return new ManagedObjectsEndpoint(manager);
    }
}
