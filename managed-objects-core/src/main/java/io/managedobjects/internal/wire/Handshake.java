package io.managedobjects.internal.wire;

import io.managedobjects.AuthenticationException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * The mutual HMAC-SHA256 challenge-response run on every connection before anything is decoded. It
 * also checks the protocol version and gives the connection its session: the server assigns a new one
 * to a client manager's first connection, and lets its further connections join it.
 *
 * <pre>
 * server → client  "MOB" version(1) | serverNonce(32)
 * client → server  "MOB" version(1) | clientNonce(32) | pid(8) | thread(8) | join(16) | HMAC(key, "C" serverNonce clientNonce pid thread join)
 * server → client  status(1) | HMAC(key, "S" clientNonce serverNonce status session) | session(16)
 * </pre>
 * {@code join} is all zeros for a new session, else the session to join. {@code status} is 1 (accepted),
 * 0 (wrong key: the connection is closed), 2 (the session to join no longer exists), 3 (another protocol
 * version) or 4 (the server is at its connection limit). A server with TLS first sends "MOBT" in plain
 * text and runs the TLS handshake; the exchange above then runs inside TLS. A client that expects the
 * other kind of server learns it from those first four bytes and says which side expects TLS. Both nonces are fresh random bytes, so a recorded exchange cannot be replayed; MACs are
 * compared in constant time. All messages have fixed sizes: nothing a peer sends here can make either
 * side allocate. The pid and thread the client reports are only shown in {@code info()}: what a
 * connection owns (locks, permits) is decided by the session the server assigned.
 */
public final class Handshake {

    /** The version of the protocol this side speaks; a peer of another version is refused, naming both. */
    public static final int PROTOCOL_VERSION = 4;
    /** The {@code join} value that asks for a new session. */
    public static final byte[] NEW_SESSION = new byte[16];

    private static final byte[] PREFIX = "MOB".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MAGIC = greeting(PROTOCOL_VERSION);
    private static final byte[] REFUSED = "MOBX".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TLS_GREETING = "MOBT".getBytes(StandardCharsets.US_ASCII);
    private static final String REFUSED_AT_LIMIT = "The manager server refused the connection: it already serves its "
            + "maximum number of connections (ManagerServer.builder().maxConnections(...)); close unused managers or raise the limit";
    private static final int NONCE = 32;
    private static final int MAC = 32;
    private static final int SESSION = 16;
    private static final int CLIENT_MESSAGE = MAGIC.length + NONCE + 8 + 8 + SESSION + MAC;
    private static final int SERVER_REPLY = 1 + MAC + SESSION;
    private static final byte ACCEPTED = 1;
    private static final byte WRONG_KEY = 0;
    private static final byte SESSION_GONE = 2;
    private static final byte OTHER_VERSION = 3;
    private static final byte FULL = 4;
    /** The operating system's random generator, where there is one to read (Linux, macOS). */
    private static final String SYSTEM_RANDOM = "/dev/urandom";

    /** Whether {@link #SYSTEM_RANDOM} failed once: a {@link SecureRandom} serves from then on. */
    private static volatile boolean noSystemRandom;

    private Handshake() {
    }

    private static byte[] greeting(int version) {
        return ByteBuffer.allocate(4).put(PREFIX).put((byte) ('0' + version)).array();
    }

    /**
     * What the server learns about an authenticated client.
     *
     * @param pid the client's process id, as it reports it (for display only)
     * @param thread the id of the client thread that opened the connection, as it reports it (for display only:
     *     every request names its own calling thread)
     * @param session the session the server assigned or let it join
     */
    public record Peer(long pid, long thread, String session) {
    }

    /** The server's sessions, as the handshake sees them. */
    public interface Sessions {

        /**
         * Admits an authenticated connection, before any session is given to it.
         *
         * @return false if the server is at its connection limit (the client is told so)
         * @throws IOException if the connection was dropped meanwhile (it waited too long)
         */
        boolean admit() throws IOException;

        /**
         * Assigns a new session.
         *
         * @return its 16-byte id
         */
        byte[] open();

        /**
         * Lets a connection join a session that still exists.
         *
         * @param session the 16-byte id the client presents
         * @return false if no such session exists (any more)
         */
        boolean join(byte[] session);
    }

    /**
     * Random bytes, e.g. for an auth key or a nonce: read from the operating system's generator
     * ({@code /dev/urandom}, which the JDK's default {@code SecureRandom} reads there too), as setting up the JDK's
     * security providers for a {@code SecureRandom} took 20–25 ms of every JVM a manager starts; from a
     * {@link SecureRandom} where there is no such device.
     *
     * @param n how many
     * @return fresh random bytes
     */
    public static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        if (!noSystemRandom && readDevice(java.nio.file.Path.of(SYSTEM_RANDOM), bytes)) {
            return bytes;
        }
        noSystemRandom = true;
        Fallback.RANDOM.nextBytes(bytes);
        return bytes;
    }

    /**
     * Fills {@code bytes} from a random device: only where {@code /dev} is the system's device directory (on Windows
     * the path would name a file on the current drive, which anyone might have written), and never from a regular file.
     *
     * @param device the device's path
     * @param bytes filled
     * @return false if the device cannot serve: the JDK's generator then does
     */
    static boolean readDevice(java.nio.file.Path device, byte[] bytes) {
        if (java.io.File.separatorChar != '/' || !java.nio.file.Files.exists(device) || java.nio.file.Files.isRegularFile(device)
                || java.nio.file.Files.isDirectory(device)) {
            return false;
        }
        try (java.io.InputStream in = new java.io.FileInputStream(device.toFile())) {
            return in.readNBytes(bytes, 0, bytes.length) == bytes.length;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    /** The JDK's generator, set up on first need only. */
    private static final class Fallback {
        static final SecureRandom RANDOM = new SecureRandom();
    }

    /**
     * The client side, without TLS.
     *
     * @param channel a freshly connected channel
     * @param key the auth key
     * @param pid this process's id
     * @param thread the id of the thread the connection serves
     * @param join {@link #NEW_SESSION}, or the 16-byte session this client manager was assigned
     * @return the session of the connection (the one joined, or a new one)
     * @throws IOException if the connection fails or the server refuses it
     */
    public static byte[] client(FrameChannel channel, byte[] key, long pid, long thread, byte[] join) throws IOException {
        return client(channel, key, pid, thread, join, null);
    }

    /**
     * The client side.
     *
     * @param channel a freshly connected channel
     * @param key the auth key
     * @param pid this process's id
     * @param thread the id of the thread the connection serves
     * @param join {@link #NEW_SESSION}, or the 16-byte session this client manager was assigned
     * @param tls a client engine when this client uses TLS, else null
     * @return the session of the connection (the one joined, or a new one)
     * @throws AuthenticationException if the server rejects the key, or does not prove it holds it
     * @throws io.managedobjects.ManagerConnectionException if the server refuses the connection (its
     *     limit, another protocol version, or a session that no longer exists)
     * @throws IOException if the connection fails
     */
    public static byte[] client(FrameChannel channel, byte[] key, long pid, long thread, byte[] join, @Nullable SSLEngine tls)
            throws IOException {
        byte[] greeting = channel.readRaw(MAGIC.length);
        if (Arrays.equals(greeting, REFUSED)) {
            throw new io.managedobjects.ManagerConnectionException(REFUSED_AT_LIMIT);
        }
        boolean tlsServer = Arrays.equals(greeting, TLS_GREETING);
        if (tlsServer && tls == null) {
            throw new io.managedobjects.ManagerConnectionException("The manager server uses TLS and this client does not: give the "
                    + "client an SSLContext that trusts the server's certificate (ManagerBuilder.sslContext(...); in Spring Boot, "
                    + "managed-objects.ssl.bundle)");
        }
        if (!tlsServer && tls != null && Arrays.equals(greeting, 0, PREFIX.length, PREFIX, 0, PREFIX.length)) {
            throw new io.managedobjects.ManagerConnectionException("This client uses TLS and the manager server does not: give the "
                    + "server an SSLContext too (ManagerServer.builder().sslContext(...); in Spring Boot, managed-objects.ssl.bundle), "
                    + "or connect without one");
        }
        if (tlsServer) {
            try {
                channel.startTls(tls);
            } catch (SSLException e) {
                throw new AuthenticationException("The TLS handshake with the manager server failed: " + e.getMessage()
                        + " (does this client trust the server's certificate, does the certificate name the host of the address, "
                        + "and does the server require a client certificate?)");
            }
            try {
                greeting = channel.readRaw(MAGIC.length);
            } catch (IOException e) {
                // TLS 1.3: a server refuses the client's certificate (or its absence) after the client's side completed
                throw new AuthenticationException("The manager server ended the TLS connection right after the TLS handshake ("
                        + e.getMessage() + "): if it requires a client certificate, give this client's SSL context key material "
                        + "that the server trusts (in Spring Boot, an SSL bundle with a keystore)");
            }
        }
        byte[] hello = ByteBuffer.allocate(MAGIC.length + NONCE).put(greeting).put(channel.readRaw(NONCE)).array();
        if (!Arrays.equals(hello, 0, PREFIX.length, PREFIX, 0, PREFIX.length)) {
            throw new AuthenticationException("The peer is not a managed-objects server (unexpected greeting)");
        }
        if (hello[PREFIX.length] != MAGIC[PREFIX.length]) {
            throw new io.managedobjects.ManagerConnectionException("The manager server speaks protocol version "
                    + versionOf(hello[PREFIX.length]) + ", this client version " + PROTOCOL_VERSION
                    + ": use the same managed-objects version in every process");
        }
        byte[] serverNonce = Arrays.copyOfRange(hello, MAGIC.length, hello.length);
        byte[] clientNonce = randomBytes(NONCE);
        ByteBuffer message = ByteBuffer.allocate(CLIENT_MESSAGE);
        message.put(MAGIC).put(clientNonce).putLong(pid).putLong(thread).put(join);
        message.put(mac(key, (byte) 'C', serverNonce, clientNonce, longBytes(pid), longBytes(thread), join));
        channel.writeRaw(message.array());
        byte[] reply = channel.readRaw(SERVER_REPLY);
        byte status = reply[0];
        if (status == WRONG_KEY) {
            throw new AuthenticationException("The server rejected the auth key (wrong key)");
        }
        byte[] session = Arrays.copyOfRange(reply, 1 + MAC, SERVER_REPLY);
        byte[] expected = mac(key, (byte) 'S', clientNonce, serverNonce, new byte[] {status}, session);
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(reply, 1, 1 + MAC))) {
            throw new AuthenticationException("The server could not prove it holds the auth key (wrong key on the server)");
        }
        if (status == SESSION_GONE) {
            throw new SessionEndedException();
        }
        if (status == FULL) {
            throw new io.managedobjects.ManagerConnectionException(REFUSED_AT_LIMIT);
        }
        if (status != ACCEPTED) {
            throw new io.managedobjects.ManagerConnectionException("The manager server refused this client's protocol version "
                    + PROTOCOL_VERSION + ": use the same managed-objects version in every process");
        }
        return session;
    }

    private static String versionOf(byte b) {
        return b >= '0' && b <= '9' ? String.valueOf((char) b) : "unknown (" + b + ")";
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
     * @param sessions assigns and finds sessions
     * @param tls a server engine when this server uses TLS, else null
     * @return the authenticated peer, with its session
     * @throws AuthenticationException if the client does not hold the key, speaks another protocol
     *     version, or presents a session that no longer exists (the client was told)
     * @throws IOException if the connection fails
     */
    public static Peer server(FrameChannel channel, byte[] key, Sessions sessions, @Nullable SSLEngine tls) throws IOException {
        if (tls != null) {
            channel.writeRaw(TLS_GREETING);
            try {
                channel.startTls(tls);
            } catch (EOFException e) {
                throw new AuthenticationException("the client closed the connection before the TLS handshake (a client without TLS? "
                        + "this server requires TLS: give clients an SSLContext, in Spring Boot managed-objects.ssl.bundle)");
            } catch (SSLException e) {
                throw new AuthenticationException("TLS handshake failed: " + e.getMessage()
                        + " (a client without a certificate this server trusts, or one that does not trust this server's)");
            }
        }
        byte[] serverNonce = randomBytes(NONCE);
        channel.writeRaw(ByteBuffer.allocate(MAGIC.length + NONCE).put(MAGIC).put(serverNonce).array());
        ByteBuffer message = ByteBuffer.wrap(channel.readRaw(CLIENT_MESSAGE));
        byte[] magic = new byte[MAGIC.length];
        byte[] clientNonce = new byte[NONCE];
        byte[] join = new byte[SESSION];
        byte[] mac = new byte[MAC];
        message.get(magic).get(clientNonce);
        long pid = message.getLong();
        long thread = message.getLong();
        message.get(join).get(mac);
        byte[] expected = mac(key, (byte) 'C', serverNonce, clientNonce, longBytes(pid), longBytes(thread), join);
        boolean samePrefix = Arrays.equals(magic, 0, PREFIX.length, PREFIX, 0, PREFIX.length);
        if (!samePrefix || !MessageDigest.isEqual(expected, mac)) {
            channel.writeRaw(new byte[SERVER_REPLY]);
            throw new AuthenticationException("authentication failed (wrong auth key, or not a managed-objects client)");
        }
        if (!Arrays.equals(magic, MAGIC)) {
            reply(channel, key, clientNonce, serverNonce, OTHER_VERSION, NEW_SESSION);
            throw new AuthenticationException("refused a client of protocol version " + versionOf(magic[PREFIX.length])
                    + "; this server speaks version " + PROTOCOL_VERSION);
        }
        if (!sessions.admit()) {
            reply(channel, key, clientNonce, serverNonce, FULL, NEW_SESSION);
            throw new IOException("refused an authenticated connection: the server is at its connection limit");
        }
        byte[] session;
        if (Arrays.equals(join, NEW_SESSION)) {
            session = sessions.open();
        } else if (sessions.join(join)) {
            session = join;
        } else {
            reply(channel, key, clientNonce, serverNonce, SESSION_GONE, join);
            throw new IOException("refused a connection joining a session that has ended");
        }
        reply(channel, key, clientNonce, serverNonce, ACCEPTED, session);
        return new Peer(pid, thread, java.util.HexFormat.of().formatHex(session));
    }

    private static void reply(FrameChannel channel, byte[] key, byte[] clientNonce, byte[] serverNonce, byte status, byte[] session)
            throws IOException {
        ByteBuffer reply = ByteBuffer.allocate(SERVER_REPLY);
        reply.put(status).put(mac(key, (byte) 'S', clientNonce, serverNonce, new byte[] {status}, session)).put(session);
        channel.writeRaw(reply.array());
    }

    /**
     * The session a connection tried to join has ended on the server: it was restarted, or every
     * connection of the session was lost and what it held was released.
     */
    public static final class SessionEndedException extends io.managedobjects.ManagerConnectionException {

        private static final long serialVersionUID = 1L;

        /** Creates the exception. */
        public SessionEndedException() {
            super("the session to join has ended on the server");
        }
    }


    private static byte[] longBytes(long value) {
        return ByteBuffer.allocate(8).putLong(value).array();
    }

    private static byte[] mac(byte[] key, byte role, byte[]... parts) {
        HmacSha256 mac = new HmacSha256(key);
        mac.update(role);
        for (byte[] part : parts) {
            mac.update(part);
        }
        return mac.doFinal();
    }
}
