package io.managedobjects.internal.wire;

import io.managedobjects.internal.Address;
import java.net.InetSocketAddress;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * TLS 1.3 for {@code tcp://} connections: the context to take engines from and, on a server, whether
 * clients must present a certificate. A TLS server greets with {@link Handshake} "MOBT" in plain text
 * before the TLS handshake, so that a client without TLS (and a TLS client of a plain server) can say
 * at once which side expects TLS; the HMAC handshake then runs inside TLS.
 *
 * @param context where engines come from (its key and trust material)
 * @param needClientAuth whether a server refuses clients without a certificate it trusts (mutual TLS)
 * @param verifyHostname whether a client checks that the server's certificate names the host of the address
 */
public record Tls(SSLContext context, boolean needClientAuth, boolean verifyHostname) {

    /** The only protocol spoken. */
    static final String PROTOCOL = "TLSv1.3";

    /**
     * An engine for a client connecting to an address; unless told otherwise, the server's certificate must
     * name the host of the address (hostname verification, as HTTPS does).
     *
     * @param address the server's address (TCP)
     * @return a client-mode engine
     */
    public SSLEngine clientEngine(Address address) {
        InetSocketAddress inet = (InetSocketAddress) address.socketAddress();
        SSLEngine engine = context.createSSLEngine(inet.getHostString(), inet.getPort());
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        if (verifyHostname) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        parameters.setProtocols(new String[] {PROTOCOL});
        engine.setSSLParameters(parameters);
        return engine;
    }

    /**
     * An engine for a connection the server accepted.
     *
     * @return a server-mode engine
     */
    public SSLEngine serverEngine() {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(new String[] {PROTOCOL});
        parameters.setNeedClientAuth(needClientAuth);
        engine.setSSLParameters(parameters);
        return engine;
    }

    @Override
    public String toString() {
        return "Tls[" + PROTOCOL + ", needClientAuth=" + needClientAuth + ", verifyHostname=" + verifyHostname + "]";
    }
}
