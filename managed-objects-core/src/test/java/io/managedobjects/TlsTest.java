package io.managedobjects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.managedobjects.fixtures.TestCertificates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS 1.3 on tcp:// with certificates generated at test time: the HMAC key still guards every connection. */
class TlsTest {

    static final byte[] KEY = "the-tls-auth-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path dir;

    static TestCertificates certificates;

    final List<AutoCloseable> open = new ArrayList<>();

    @BeforeAll
    static void generateCertificates() {
        certificates = TestCertificates.generate(dir);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    ManagerServer server(boolean tls, boolean needClientAuth) {
        ManagerServer.Builder builder = ManagerServer.builder().address("tcp://127.0.0.1:0").authKey(KEY)
                .handshakeTimeout(Duration.ofSeconds(5));
        if (tls) {
            builder.sslContext(TestCertificates.context(certificates.serverKeys(), certificates.serverTrust())).needClientAuth(needClientAuth);
        }
        ManagerServer server = builder.build().start();
        open.add(server);
        return server;
    }

    Manager connect(ManagerServer server, SSLContext context) {
        Manager manager = Manager.builder().address(server.address()).authKey(KEY).sslContext(context).connect();
        open.add(manager);
        return manager;
    }

    static SSLContext trustingClient() {
        return TestCertificates.context(null, certificates.clientTrust());
    }

    @Test
    void aTlsClientUsesEveryTypeOfCallOnATlsServer() throws Exception {
        ManagerServer server = server(true, false);
        Manager manager = connect(server, trustingClient());
        SharedMap<String, String> map = manager.map("tls-map");
        String large = "x".repeat(3 * 1024 * 1024);
        map.put("small", "value");
        map.put("large", large);
        assertThat(map.get("small")).isEqualTo("value");
        assertThat(map.get("large")).isEqualTo(large);

        // many threads at once: replies and requests cross on the same TLS connections
        SharedAtomicLong counter = manager.atomicLong("tls-counter");
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        counter.incrementAndGet();
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(counter.get()).isEqualTo(1600);

        // a blocking call is woken by another client's call
        Manager other = connect(server, trustingClient());
        SharedQueue<String> queue = manager.queue("tls-queue");
        Future<String> taken = Executors.newSingleThreadExecutor().submit(() -> queue.poll(60, TimeUnit.SECONDS));
        other.<String>queue("tls-queue").put("handed over");
        assertThat(taken.get(60, TimeUnit.SECONDS)).isEqualTo("handed over");
    }

    @Test
    void aClientWithoutTlsIsToldThatTheServerUsesTls() {
        ManagerServer server = server(true, false);
        assertThatThrownBy(() -> Manager.connect(server.address(), KEY)).isInstanceOf(ManagerConnectionException.class)
                .hasMessageContaining("server uses TLS and this client does not")
                .hasMessageContaining("sslContext");
        // and the server goes on serving TLS clients
        assertThat(connect(server, trustingClient()).<String, Integer>map("after").size()).isZero();
    }

    @Test
    void aTlsClientIsToldThatTheServerDoesNotUseTls() {
        ManagerServer server = server(false, false);
        assertThatThrownBy(() -> connect(server, trustingClient())).isInstanceOf(ManagerConnectionException.class)
                .hasMessageContaining("client uses TLS and the manager server does not");
    }

    @Test
    void aClientThatDoesNotTrustTheServersCertificateIsRefused() {
        ManagerServer server = server(true, false);
        SSLContext trustsNobodyKnown = TestCertificates.context(null, certificates.serverTrust());
        assertThatThrownBy(() -> connect(server, trustsNobodyKnown)).isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("TLS handshake with the manager server failed");
    }

    @Test
    void theServersCertificateMustNameTheHostUnlessTheClientSaysOtherwise() {
        ManagerServer server = ManagerServer.builder().address("tcp://127.0.0.1:0").authKey(KEY)
                .sslContext(TestCertificates.context(certificates.remoteKeys(), null)).build().start();
        open.add(server);
        SSLContext trustsRemote = TestCertificates.context(null, certificates.remoteTrust());
        assertThatThrownBy(() -> connect(server, trustsRemote)).isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("TLS handshake with the manager server failed");
        Manager loopback = Manager.builder().address(server.address()).authKey(KEY).sslContext(trustsRemote, false).connect();
        open.add(loopback);
        loopback.list("l").add("chain checked, host name not");
        assertThat(loopback.<String>list("l")).hasSize(1);
    }

    @Test
    void theAuthKeyStillGuardsATlsConnection() {
        ManagerServer server = server(true, false);
        assertThatThrownBy(() -> Manager.builder().address(server.address()).authKey("another-key-0123456789".getBytes(StandardCharsets.UTF_8))
                .sslContext(trustingClient()).connect()).isInstanceOf(AuthenticationException.class).hasMessageContaining("wrong key");
    }

    @Test
    void mutualTlsAdmitsOnlyClientsWithATrustedCertificate() {
        ManagerServer server = server(true, true);
        assertThatThrownBy(() -> connect(server, trustingClient())).isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("requires a client certificate");
        SSLContext stranger = TestCertificates.context(certificates.strangerKeys(), certificates.clientTrust());
        assertThatThrownBy(() -> connect(server, stranger)).isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("requires a client certificate");

        Manager manager = connect(server, TestCertificates.context(certificates.clientKeys(), certificates.clientTrust()));
        SharedList<String> list = manager.list();
        list.add("mutual");
        assertThat(list).containsExactly("mutual");
    }

    @Test
    void tlsIsRefusedWhereItCannotApply() {
        SSLContext context = trustingClient();
        assertThatThrownBy(() -> Manager.builder().sslContext(context).start()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ManagerServer.builder().sslContext");
        assertThatThrownBy(() -> Manager.builder().address("unix:" + dir.resolve("s")).authKey(KEY).sslContext(context).connect())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("needs a tcp:// address");
        assertThatThrownBy(() -> ManagerServer.builder().authKey(KEY).needClientAuth(true).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("needs sslContext");

        Manager manager = connect(server(true, false), trustingClient());
        assertThatThrownBy(() -> manager.pool(1)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("Pools are not available on a server with TLS");
        assertThatThrownBy(() -> manager.process(NoTask.class)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("not available on a manager connected with TLS");
    }

    /** A task that is never started. */
    public static class NoTask implements ProcessTask {
        @Override
        public void run(Object... args) {
        }
    }
}
