package io.managedobjects.autoconfigure;

import io.managedobjects.CallObserver;
import io.managedobjects.Manager;
import io.managedobjects.ManagerBuilder;
import io.managedobjects.ManagerServer;
import io.managedobjects.autoconfigure.ManagedObjectsProperties.Mode;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@link Manager} bean, in the mode the properties select: a forked server process, a server
 * embedded in this JVM, or a client of a server elsewhere. The server this application starts stops
 * with the context.
 */
@Configuration(proxyBeanMethods = false)
class ManagerConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ManagedObjectsConnection managedObjectsConnection(ManagedObjectsProperties properties) {
        return ManagedObjectsConnection.resolve(properties);
    }

    @Bean
    @ConditionalOnMissingBean
    ManagedTypes managedObjectsTypes(BeanFactory beanFactory, ManagedObjectsProperties properties) {
        return ManagedTypes.scan(beanFactory, properties);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    Manager managedObjectsManager(ManagedObjectsConnection connection, ManagedTypes types, ManagedObjectsProperties properties,
            BeanFactory beanFactory, ObjectProvider<ManagerServer> embedded, ObjectProvider<CallObserver> observers,
            ObjectProvider<ManagerBuilderCustomizer> customizers) {
        ManagerBuilder builder = Manager.builder().authKey(connection.authKey()).connections(properties.getConnections())
                .trustedPackages(trustedPackages(properties, beanFactory).toArray(String[]::new));
        List<CallObserver> observing = observers.orderedStream().toList();
        if (!observing.isEmpty()) {
            builder.callObserver(observing.size() == 1 ? observing.get(0) : event -> observing.forEach(o -> o.onCall(event)));
        }
        boolean forks = false;
        switch (connection.mode()) {
            case CLIENT -> builder.address(connection.address());
            case EMBEDDED -> builder.address(embeddedServer(embedded).address());
            default -> {
                forks = true;
                if (connection.address() != null) {
                    builder.address(connection.address());
                }
                types.types().forEach(builder::register);
                builder.jvmArgs(properties.getServer().getJvmArgs().toArray(String[]::new))
                        .sessionTimeout(properties.getSessionTimeout())
                        .startTimeout(properties.getServer().getStartTimeout());
            }
        }
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        Manager manager = forks ? builder.start() : builder.connect();
        if (connection.mode() != Mode.CLIENT) {
            connection.announce(manager.address());
        }
        return manager;
    }

    private static ManagerServer embeddedServer(ObjectProvider<ManagerServer> embedded) {
        ManagerServer server = embedded.getIfAvailable();
        if (server == null) {
            throw new IllegalStateException("managed-objects.mode=embedded needs a ManagerServer bean");
        }
        return server;
    }

    /** The configured packages plus the application's own (its auto-configuration packages). */
    static List<String> trustedPackages(ManagedObjectsProperties properties, BeanFactory beanFactory) {
        List<String> packages = new ArrayList<>(properties.getSerialization().getTrustedPackages());
        if (AutoConfigurationPackages.has(beanFactory)) {
            packages.addAll(AutoConfigurationPackages.get(beanFactory));
        }
        return packages;
    }
}
