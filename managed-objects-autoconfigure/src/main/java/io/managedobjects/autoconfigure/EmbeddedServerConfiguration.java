package io.managedobjects.autoconfigure;

import io.managedobjects.ManagerServer;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * In embedded mode, the manager server runs in this JVM ({@code ManagerServer}), on
 * {@code managed-objects.address} or a Unix socket in a private directory, until the context closes; not
 * when a {@link ManagedObjectsConnectionDetails} bean points the application to a server elsewhere.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "managed-objects.mode", havingValue = "embedded")
@ConditionalOnMissingBean(ManagedObjectsConnectionDetails.class)
class EmbeddedServerConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    ManagerServer managedObjectsServer(ManagedObjectsConnection connection, ManagedTypes types, ManagedObjectsProperties properties,
            BeanFactory beanFactory) throws java.io.IOException {
        String address = connection.address();
        if (address == null) {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory(java.nio.file.Path.of("/tmp"), "mo-",
                    java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                            java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
            address = "unix:" + dir.resolve("s");
        }
        ManagedObjectsProperties.Server server = properties.getServer();
        ManagerServer.Builder builder = ManagerServer.builder().address(address).authKey(connection.authKey())
                .trustedPackages(ManagerConfiguration.trustedPackages(properties, beanFactory).toArray(String[]::new))
                .sessionTimeout(properties.getSessionTimeout())
                .maxFrameBytes(ManagerConfiguration.maxFrameBytes(properties))
                .maxConnections(server.getMaxConnections())
                .handshakeTimeout(server.getHandshakeTimeout());
        javax.net.ssl.SSLContext ssl = connection.sslContext();
        if (ssl != null) {
            builder.sslContext(ssl).needClientAuth(properties.getSsl().getClientAuth() == ManagedObjectsProperties.ClientAuth.NEED);
        }
        types.types().forEach(builder::register);
        return builder.build().start();
    }
}
