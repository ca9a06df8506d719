package io.managedobjects.autoconfigure;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;
import org.springframework.boot.ssl.SslBundle;

/**
 * Where the application's manager connects: the address and auth key of a running manager server. A bean
 * of this type wins over {@code managed-objects.address}, {@code managed-objects.auth-key(-file)} and
 * {@code managed-objects.ssl.bundle}: the application then runs as a client of that server (Spring Boot's
 * {@code ConnectionDetails} pattern, e.g. for a server started by a test or found through service discovery).
 */
public interface ManagedObjectsConnectionDetails extends ConnectionDetails {

    /**
     * The server's address.
     *
     * @return {@code tcp://host:port} or {@code unix:/path/to/socket}
     */
    String getAddress();

    /**
     * The server's auth key.
     *
     * @return the key's bytes, at least 16 of them
     */
    byte[] getAuthKey();

    /**
     * TLS of the connection, for a server that uses it.
     *
     * @return the SSL bundle whose trust store trusts the server, or null for no TLS
     */
    default @Nullable SslBundle getSslBundle() {
        return null;
    }
}
