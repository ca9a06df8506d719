package io.managedobjects.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.managedobjects.ManagedProcess;
import io.managedobjects.Manager;
import io.managedobjects.ManagerConnectionException;
import io.managedobjects.ProcessTask;
import io.managedobjects.SharedList;
import io.managedobjects.SharedMap;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every address form the Redis backend documents, on a private {@code redis-server} with a password, a TLS port (a
 * certificate made here for 127.0.0.1) and a Unix socket: {@code redis://:password@host:port/database},
 * {@code rediss://…} and {@code redis-socket://…}; and the clear errors of a wrong password, an untrusted certificate
 * and a Unix socket without Netty's native transport.
 */
class RedisAddressFormsTest {

    private static final String PASSWORD = "s3cret-for-tests";
    private static final String STORE_PASSWORD = "changeit";

    static RedisServer.Running server;
    static int tlsPort;
    static Path socket;
    static Path trustStore;

    @BeforeAll
    static void startServer() throws Exception {
        assumeTrue(RedisServer.installed());
        Path directory = Files.createTempDirectory("mo-redis-forms");
        trustStore = directory.resolve("server.p12");
        writeCertificate(directory);
        tlsPort = RedisServer.freePort();
        socket = directory.resolve("redis.sock");
        server = RedisServer.dedicated(directory, List.of("--requirepass", PASSWORD,
                "--tls-port", Integer.toString(tlsPort), "--tls-cert-file", directory.resolve("cert.pem").toString(),
                "--tls-key-file", directory.resolve("key.pem").toString(), "--tls-ca-cert-file", directory.resolve("cert.pem").toString(),
                "--tls-auth-clients", "no", "--unixsocket", socket.toString(), "--unixsocketperm", "700"));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    /** A self-signed certificate for 127.0.0.1 made with the JDK's keytool, written as PEM files for redis-server. */
    private static void writeCertificate(Path directory) throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "redis", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-validity", "2",
                "-keystore", trustStore.toString(), "-storetype", "PKCS12", "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD)
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(trustStore)) {
            store.load(in, STORE_PASSWORD.toCharArray());
        }
        Files.writeString(directory.resolve("cert.pem"), pem("CERTIFICATE", store.getCertificate("redis").getEncoded()));
        Files.writeString(directory.resolve("key.pem"), pem("PRIVATE KEY", store.getKey("redis", STORE_PASSWORD.toCharArray()).getEncoded()));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static String plain(String database) {
        return "redis://:" + PASSWORD + "@127.0.0.1:" + server.port + database;
    }

    @Test
    void aPasswordAndADatabaseInTheAddressAreUsedAndDatabasesDoNotShareObjects() {
        try (Manager three = Manager.builder().address(plain("/3")).connect();
                Manager threeAgain = Manager.builder().address(plain("/3")).connect();
                Manager four = Manager.builder().address(plain("/4")).connect()) {
            three.<String, Integer>map("forms").put("answer", 42);
            assertThat(threeAgain.<String, Integer>map("forms")).containsEntry("answer", 42);
            assertThat(four.<String, Integer>map("forms")).isEmpty();
        }
    }

    @Test
    void aWrongOrMissingPasswordFailsClearlyWithoutShowingThePassword() {
        String wrong = "redis://:not-the-password@127.0.0.1:" + server.port;
        assertThatThrownBy(() -> Manager.builder().address(wrong).connect())
                .isInstanceOf(ManagerConnectionException.class)
                .hasMessageContaining("password")
                .hasMessageNotContaining("not-the-password");
        assertThatThrownBy(() -> Manager.builder().address("redis://127.0.0.1:" + server.port).connect())
                .isInstanceOf(ManagerConnectionException.class)
                .hasMessageContaining("password");
    }

    @Test
    void aUnixSocketAddressWithAPasswordAndADatabaseConnects() {
        try (Manager viaSocket = Manager.builder().address("redis-socket://:" + PASSWORD + "@" + socket + "?database=5").connect();
                Manager viaTcp = Manager.builder().address(plain("/5")).connect()) {
            viaSocket.<String, String>map("forms").put("via", "socket");
            assertThat(viaTcp.<String, String>map("forms")).containsEntry("via", "socket");
        }
    }

    @Test
    void aTlsAddressConnectsEncryptedAndAnUntrustedCertificateFailsClearly() {
        String tls = "rediss://:" + PASSWORD + "@127.0.0.1:" + tlsPort;
        assertThatThrownBy(() -> Manager.builder().address(tls).connect())
                .isInstanceOf(ManagerConnectionException.class)
                .hasMessageContaining("cannot be reached")
                .hasMessageNotContaining(PASSWORD);
        try (Manager unverified = Manager.builder().address(tls + "?verifyPeer=NONE").connect();
                Manager viaTcp = Manager.builder().address(plain("")).connect()) {
            unverified.<String, String>map("forms").put("via", "tls");
            assertThat(viaTcp.<String, String>map("forms")).containsEntry("via", "tls");
        }
    }

    /** Connects to the address it is given (with this JVM's trust store) and puts {@code via → tls-verified}. */
    public static class ConnectOverTls implements ProcessTask {
        @Override
        public void run(Object... args) {
            try (Manager tls = Manager.builder().address((String) args[0]).connect()) {
                tls.<String, String>map("verified").put("via", "tls-verified");
            }
        }
    }

    @Test
    void aProcessThatTrustsTheCertificateConnectsOverTlsWithFullVerification() throws Exception {
        try (Manager parent = Manager.builder().address(plain("")).processJvmArgs("-Djavax.net.ssl.trustStore=" + trustStore,
                "-Djavax.net.ssl.trustStorePassword=" + STORE_PASSWORD, "-Djavax.net.ssl.trustStoreType=PKCS12").connect()) {
            ManagedProcess child = parent.process(ConnectOverTls.class, "rediss://:" + PASSWORD + "@127.0.0.1:" + tlsPort).start();
            try {
                assertThat(child.join(Duration.ofMinutes(2))).isTrue();
                assertThat(child.exitCode()).hasValue(0);
            } finally {
                child.kill();
            }
            assertThat(parent.<String, String>map("verified")).containsEntry("via", "tls-verified");
        }
    }

    /** Tries a Unix-socket address in a JVM whose Lettuce may not use the native transport, and records the error. */
    public static class TrySocket implements ProcessTask {
        @Override
        @SuppressWarnings("unchecked")
        public void run(Object... args) {
            try (Manager ignored = Manager.builder().address((String) args[1]).connect()) {
                ((SharedList<String>) args[0]).add("connected");
            } catch (RuntimeException e) {
                ((SharedList<String>) args[0]).add(e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
    }

    @Test
    void aUnixSocketAddressWithoutNettysNativeTransportNamesTheDependencyToAdd() throws Exception {
        try (Manager parent = Manager.builder().address(plain("")).processJvmArgs("-Dio.lettuce.core.epoll=false").connect()) {
            SharedList<String> outcome = parent.list();
            ManagedProcess child = parent.process(TrySocket.class, outcome, "redis-socket://:" + PASSWORD + "@" + socket).start();
            try {
                assertThat(child.join(Duration.ofMinutes(2))).isTrue();
            } finally {
                child.kill();
            }
            assertThat(outcome).singleElement().asString()
                    .startsWith("IllegalStateException")
                    .contains("netty-transport-native-epoll", "linux-x86_64")
                    .doesNotContain(PASSWORD);
        }
    }

    @Test
    void namedObjectsOfOneDatabaseAreReachableThroughEveryFormOfItsAddress() {
        try (Manager tcp = Manager.builder().address(plain("/6")).connect();
                Manager unix = Manager.builder().address("redis-socket://:" + PASSWORD + "@" + socket + "?database=6").connect();
                Manager tls = Manager.builder().address("rediss://:" + PASSWORD + "@127.0.0.1:" + tlsPort + "/6?verifyPeer=NONE").connect()) {
            SharedMap<String, Integer> counts = tcp.map("counts");
            counts.merge("n", 1, Integer::sum);
            unix.<String, Integer>map("counts").merge("n", 1, Integer::sum);
            tls.<String, Integer>map("counts").merge("n", 1, Integer::sum);
            assertThat(counts).containsEntry("n", 3);
        }
    }
}
