package io.managedobjects.internal.wire;

import io.managedobjects.AuthenticationException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The mutual HMAC-SHA256 challenge-response run on every connection before anything is decoded.
 *
 * <pre>
 * server → client  MAGIC | serverNonce(32)
 * client → server  MAGIC | clientNonce(32) | pid(8) | thread(8) | session(16) | HMAC(key, "C" serverNonce clientNonce pid thread session)
 * server → client  1 | HMAC(key, "S" clientNonce serverNonce)          (or 0 and close: wrong key)
 * </pre>
 * Both nonces are fresh random bytes, so a recorded exchange cannot be replayed; MACs are compared in
 * constant time. All messages have fixed sizes: nothing a peer sends here can make either side allocate.
 */
public final class Handshake {

    private static final byte[] MAGIC = "MOB1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REFUSED = "MOBX".getBytes(StandardCharsets.US_ASCII);
    private static final int NONCE = 32;
    private static final int MAC = 32;
    private static final int SESSION = 16;
    private static final int CLIENT_MESSAGE = MAGIC.length + NONCE + 8 + 8 + SESSION + MAC;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Handshake() {
    }

    /**
     * What the server learns about an authenticated client.
     *
     * @param pid the client's process id
     * @param thread the id of the client thread this connection serves (lock ownership)
     * @param session the client manager's session id
     */
    public record Peer(long pid, long thread, String session) {

        /**
         * The owner identity of this connection's calls: process and thread.
         *
         * @return {@code pid:thread}
         */
        public String owner() {
            return pid + ":" + thread;
        }
    }

    /**
     * Random bytes, e.g. for an auth key.
     *
     * @param n how many
     * @return fresh random bytes
     */
    public static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /**
     * The client side.
     *
     * @param channel a freshly connected channel
     * @param key the auth key
     * @param pid this process's id
     * @param thread the id of the thread the connection serves
     * @param session the 16-byte session id of this client manager
     * @throws AuthenticationException if the server rejects the key, or does not prove it holds it
     * @throws IOException if the connection fails
     */
    public static void client(FrameChannel channel, byte[] key, long pid, long thread, byte[] session) throws IOException {
        byte[] hello = channel.readRaw(MAGIC.length + NONCE);
        if (Arrays.equals(hello, 0, REFUSED.length, REFUSED, 0, REFUSED.length)) {
            throw new io.managedobjects.ManagerConnectionException("The manager server refused the connection: it already serves its "
                    + "maximum number of connections (ManagerServer.builder().maxConnections(...)); close unused managers or raise the limit");
        }
        if (!Arrays.equals(hello, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new AuthenticationException("The peer is not a managed-objects server (unexpected greeting)");
        }
        byte[] serverNonce = Arrays.copyOfRange(hello, MAGIC.length, hello.length);
        byte[] clientNonce = randomBytes(NONCE);
        ByteBuffer message = ByteBuffer.allocate(CLIENT_MESSAGE);
        message.put(MAGIC).put(clientNonce).putLong(pid).putLong(thread).put(session);
        message.put(mac(key, (byte) 'C', serverNonce, clientNonce, longBytes(pid), longBytes(thread), session));
        channel.writeRaw(message.array());
        byte[] reply = channel.readRaw(1 + MAC);
        if (reply[0] != 1) {
            throw new AuthenticationException("The server rejected the auth key (wrong key)");
        }
        byte[] expected = mac(key, (byte) 'S', clientNonce, serverNonce);
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(reply, 1, reply.length))) {
            throw new AuthenticationException("The server could not prove it holds the auth key (wrong key on the server)");
        }
    }

    /**
     * Refuses a connection because the server is at its connection limit: the client reports it clearly.
     *
     * @param channel a freshly accepted channel
     * @throws IOException if the peer is gone
     */
    public static void refuse(FrameChannel channel) throws IOException {
        channel.writeRaw(ByteBuffer.allocate(REFUSED.length + NONCE).put(REFUSED).array());
    }

    /**
     * The server side.
     *
     * @param channel a freshly accepted channel
     * @param key the auth key
     * @return the authenticated peer
     * @throws AuthenticationException if the client does not hold the key (the client was told)
     * @throws IOException if the connection fails
     */
    public static Peer server(FrameChannel channel, byte[] key) throws IOException {
        byte[] serverNonce = randomBytes(NONCE);
        channel.writeRaw(ByteBuffer.allocate(MAGIC.length + NONCE).put(MAGIC).put(serverNonce).array());
        ByteBuffer message = ByteBuffer.wrap(channel.readRaw(CLIENT_MESSAGE));
        byte[] magic = new byte[MAGIC.length];
        byte[] clientNonce = new byte[NONCE];
        byte[] session = new byte[SESSION];
        byte[] mac = new byte[MAC];
        message.get(magic).get(clientNonce);
        long pid = message.getLong();
        long thread = message.getLong();
        message.get(session).get(mac);
        byte[] expected = mac(key, (byte) 'C', serverNonce, clientNonce, longBytes(pid), longBytes(thread), session);
        if (!Arrays.equals(magic, MAGIC) || !MessageDigest.isEqual(expected, mac)) {
            channel.writeRaw(new byte[1 + MAC]);
            throw new AuthenticationException("authentication failed (wrong auth key, or not a managed-objects client)");
        }
        byte[] reply = new byte[1 + MAC];
        reply[0] = 1;
        System.arraycopy(mac(key, (byte) 'S', clientNonce, serverNonce), 0, reply, 1, MAC);
        channel.writeRaw(reply);
        return new Peer(pid, thread, java.util.HexFormat.of().formatHex(session));
    }

    private static byte[] longBytes(long value) {
        return ByteBuffer.allocate(8).putLong(value).array();
    }

    private static byte[] mac(byte[] key, byte role, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(role);
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }
}
