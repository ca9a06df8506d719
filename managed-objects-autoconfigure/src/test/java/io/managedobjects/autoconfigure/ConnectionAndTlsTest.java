package io.managedobjects.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.managedobjects.Manager;
import io.managedobjects.ManagerConnectionException;
import io.managedobjects.ManagerException;
import io.managedobjects.ManagerServer;
import io.managedobjects.fixtures.TestCertificates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** TLS through SSL bundles, connection details beans, and the server's limits as properties. */
class ConnectionAndTlsTest {

    static final byte[] KEY = "connection-test-key-0123456789".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path dir;

    static TestCertificates certificates;

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, ManagedObjectsAutoConfiguration.class));

    @BeforeAll
    static void generateCertificates() {
        certificates = TestCertificates.generate(dir);
    }

    static String[] bundle(String name, Path keyStore, Path trustStore) {
        String prefix = "spring.ssl.bundle.jks." + name + ".";
        java.util.List<String> properties = new java.util.ArrayList<>(java.util.List.of(
                prefix + "truststore.location=file:" + trustStore, prefix + "truststore.password=" + TestCertificates.PASSWORD,
                prefix + "truststore.type=PKCS12"));
        if (keyStore != null) {
            properties.addAll(java.util.List.of(prefix + "keystore.location=file:" + keyStore, prefix + "keystore.password="
                    + TestCertificates.PASSWORD, prefix + "keystore.type=PKCS12"));
        }
        return properties.toArray(String[]::new);
    }

    @Test
    void anEmbeddedServerServesTlsWithTheNamedBundleAndClientsWithoutItAreToldSo() {
        runner.withPropertyValues(bundle("mo", certificates.serverKeys(), certificates.clientTrust()))
                .withPropertyValues("managed-objects.mode=embedded", "managed-objects.address=tcp://127.0.0.1:0",
                        "managed-objects.auth-key=connection-test-key-0123456789", "managed-objects.ssl.bundle=mo")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Manager manager = context.getBean(Manager.class);
                    manager.<String, Integer>map("over-tls").put("a", 1);
                    String address = context.getBean(ManagerServer.class).address();
                    assertThatThrownBy(() -> Manager.connect(address, KEY)).isInstanceOf(ManagerConnectionException.class)
                            .hasMessageContaining("server uses TLS");
                    try (Manager other = Manager.builder().address(address).authKey(KEY)
                            .sslContext(TestCertificates.context(null, certificates.clientTrust())).connect()) {
                        assertThat(other.<String, Integer>map("over-tls")).containsEntry("a", 1);
                    }
                });
    }

    @Test
    void anEmbeddedServerOnEveryInterfaceIsReachedByItsOwnApplicationWhateverHostItsCertificateNames() {
        runner.withPropertyValues(bundle("public", certificates.remoteKeys(), certificates.remoteTrust()))
                .withPropertyValues("managed-objects.mode=embedded", "managed-objects.address=tcp://0.0.0.0:0",
                        "managed-objects.auth-key=connection-test-key-0123456789", "managed-objects.ssl.bundle=public")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    context.getBean(Manager.class).list("own").add("over loopback TLS");
                });
    }

    @Test
    void aConnectionDetailsBeanWinsOverEmbeddedMode() {
        try (ManagerServer server = ManagerServer.builder().authKey(KEY).build().start()) {
            runner.withPropertyValues("managed-objects.mode=embedded")
                    .withBean(ManagedObjectsConnectionDetails.class, () -> detailsOf(server))
                    .run(context -> {
                        assertThat(context).hasNotFailed().doesNotHaveBean(ManagerServer.class);
                        assertThat(context.getBean(Manager.class).address()).isEqualTo(server.address());
                    });
        }
    }

    @Test
    void aClientUsesTheBundleForMutualTls() {
        try (ManagerServer server = ManagerServer.builder().address("tcp://127.0.0.1:0").authKey(KEY)
                .sslContext(TestCertificates.context(certificates.serverKeys(), certificates.serverTrust())).needClientAuth(true)
                .build().start()) {
            runner.withPropertyValues(bundle("client", certificates.clientKeys(), certificates.clientTrust()))
                    .withPropertyValues("managed-objects.address=" + server.address(), "managed-objects.auth-key=connection-test-key-0123456789",
                            "managed-objects.ssl.bundle=client")
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        context.getBean(Manager.class).list("mutual").add("yes");
                    });
            runner.withPropertyValues(bundle("trust-only", null, certificates.clientTrust()))
                    .withPropertyValues("managed-objects.address=" + server.address(), "managed-objects.auth-key=connection-test-key-0123456789",
                            "managed-objects.ssl.bundle=trust-only")
                    .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                            .isInstanceOf(io.managedobjects.AuthenticationException.class).hasMessageContaining("requires a client certificate"));
        }
    }

    @Test
    void tlsMisconfigurationsFailWithAnAnalysisThatSaysWhatToSet() {
        assertFailure(new String[] {"managed-objects.mode=embedded", "managed-objects.address=tcp://127.0.0.1:0", "managed-objects.ssl.bundle=nope"},
                "no SSL bundle has that name", "spring.ssl.bundle.jks.nope");
        assertFailure(new String[] {"managed-objects.mode=fork", "managed-objects.ssl.bundle=nope"}, "forked server cannot be handed",
                "managed-objects.mode=embedded");
        assertFailure(new String[] {"managed-objects.mode=embedded", "managed-objects.ssl.bundle=nope"}, "TLS applies to tcp:// addresses only",
                "tcp://host:port");
        assertFailure(new String[] {"managed-objects.ssl.client-auth=need"}, "needs TLS", "managed-objects.ssl.bundle");
        assertFailure(new String[] {"managed-objects.mode=embedded", "managed-objects.server.max-frame-size=10B"},
                "managed-objects.server.max-frame-size is 10 bytes", "64MB");
    }

    private void assertFailure(String[] properties, String description, String action) {
        StartupFailures.assertAnalysis(runner.withPropertyValues(properties), description, action);
    }

    /** Connection details pointing to a server with {@link #KEY}. */
    static ManagedObjectsConnectionDetails detailsOf(ManagerServer server) {
        return new ManagedObjectsConnectionDetails() {
            @Override
            public String getAddress() {
                return server.address();
            }

            @Override
            public byte[] getAuthKey() {
                return KEY.clone();
            }
        };
    }

    @Test
    void aConnectionDetailsBeanWinsOverTheProperties() {
        try (ManagerServer server = ManagerServer.builder().authKey(KEY).build().start()) {
            runner.withPropertyValues("managed-objects.address=tcp://127.0.0.1:1", "managed-objects.auth-key=not-the-servers-key-012345")
                    .withBean(ManagedObjectsConnectionDetails.class, () -> detailsOf(server))
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        assertThat(context.getBean(ManagedObjectsConnection.class).mode()).isEqualTo(ManagedObjectsProperties.Mode.CLIENT);
                        assertThat(context.getBean(Manager.class).address()).isEqualTo(server.address());
                    });
        }
    }

    @Test
    void theServerLimitsReachTheEmbeddedServer() {
        runner.withPropertyValues("managed-objects.mode=embedded", "managed-objects.connections=1", "managed-objects.server.max-connections=1",
                "managed-objects.server.max-frame-size=64KB", "managed-objects.auth-key=connection-test-key-0123456789").run(context -> {
                    Manager manager = context.getBean(Manager.class);
                    assertThatThrownBy(() -> manager.<String, String>map("big").put("k", "x".repeat(100_000)))
                            .isInstanceOf(ManagerException.class).hasMessageContaining("65536");
                    String address = context.getBean(ManagerServer.class).address();
                    assertThatThrownBy(() -> Manager.connect(address, KEY)).isInstanceOf(ManagerConnectionException.class)
                            .hasMessageContaining("maximum number of connections");
                });
    }
}
