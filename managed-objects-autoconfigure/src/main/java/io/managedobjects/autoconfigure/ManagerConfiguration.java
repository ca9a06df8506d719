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
import org.springframework.boot.ssl.SslBundles;
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
    ManagedObjectsConnection managedObjectsConnection(ManagedObjectsProperties properties,
            ObjectProvider<ManagedObjectsConnectionDetails> details, ObjectProvider<SslBundles> sslBundles) {
        return ManagedObjectsConnection.resolve(properties, details.getIfAvailable(), sslBundles.getIfAvailable());
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
        ManagerBuilder builder = Manager.builder().connections(properties.getConnections())
                .maxFrameBytes(maxFrameBytes(properties))
                .trustedPackages(trustedPackages(properties, beanFactory).toArray(String[]::new));
        if (!connection.isBackend()) {
            builder.authKey(connection.authKey());
        } else {
            builder.sessionTimeout(properties.getSessionTimeout());
        }
        javax.net.ssl.SSLContext ssl = connection.sslContext();
        if (ssl != null) {
            // the application's own connection to its embedded server is a loopback one: the certificate names the
            // server's public host, so only its chain is checked there
            builder.sslContext(ssl, connection.mode() != Mode.EMBEDDED);
        }
        if (properties.getProcessOutput() == ManagedObjectsProperties.ProcessOutputMode.LOG) {
            builder.processOutput(new LoggingProcessOutput());
        }
        List<CallObserver> observing = observers.orderedStream().toList();
        if (!observing.isEmpty()) {
            builder.callObserver(observing.size() == 1 ? observing.get(0) : new CombinedObserver(observing));
        }
        builder.processJvmArgs(properties.getProcessJvmArgs().toArray(String[]::new));
        boolean forks = false;
        switch (connection.mode()) {
            case CLIENT -> {
                builder.address(connection.address());
                if (connection.isBackend()) {
                    // on Redis this application hosts the instances of @ManagedObject classes that it creates
                    types.types().forEach(builder::register);
                }
            }
            case EMBEDDED -> builder.address(io.managedobjects.internal.Address.reachableFromThisHost(embeddedServer(embedded).address()));
            default -> {
                forks = true;
                if (connection.address() != null) {
                    builder.address(connection.address());
                }
                types.types().forEach(builder::register);
                ManagedObjectsProperties.Server server = properties.getServer();
                builder.jvmArgs(server.getJvmArgs().toArray(String[]::new))
                        .sessionTimeout(properties.getSessionTimeout())
                        .startTimeout(server.getStartTimeout())
                        .serverMaxConnections(server.getMaxConnections())
                        .serverHandshakeTimeout(server.getHandshakeTimeout());
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

    /**
     * Several observers as one: each is told of every call, the last started first completed; one that throws
     * misses that call, and never keeps the others from being told (an observation opened by one is always closed).
     */
    private record CombinedObserver(List<CallObserver> observers) implements CallObserver {

        @Override
        public void onCall(io.managedobjects.CallEvent event) {
            for (CallObserver observer : observers) {
                try {
                    observer.onCall(event);
                } catch (RuntimeException e) {
                    // an observer must never break a call, nor the other observers
                }
            }
        }

        @Override
        public Completion callStarted(String type, String operation, @org.jspecify.annotations.Nullable String objectName) {
            List<Completion> completions = new ArrayList<>(observers.size());
            for (CallObserver observer : observers) {
                try {
                    completions.add(observer.callStarted(type, operation, objectName));
                } catch (RuntimeException e) {
                    // this observer misses the call
                }
            }
            return event -> {
                for (int i = completions.size() - 1; i >= 0; i--) {
                    try {
                        completions.get(i).completed(event);
                    } catch (RuntimeException e) {
                        // the others are still told
                    }
                }
            };
        }
    }

    /** The frame limit of {@code managed-objects.server.max-frame-size}, checked. */
    static int maxFrameBytes(ManagedObjectsProperties properties) {
        long bytes = properties.getServer().getMaxFrameSize().toBytes();
        if (bytes < 1024 || bytes > Integer.MAX_VALUE - 8) {
            throw new ManagedObjectsConfigurationException("managed-objects.server.max-frame-size is " + bytes
                    + " bytes: it must be between 1KB and 2047MB.", "Set managed-objects.server.max-frame-size to e.g. 64MB (the default).", null);
        }
        return (int) bytes;
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
