package io.managedobjects.internal.wire;

/**
 * HMAC-SHA256 (RFC 2104) over {@link Sha256}. It computes what {@code javax.crypto.Mac.getInstance("HmacSHA256")}
 * computes, but without the first use of {@code javax.crypto}, which reads the JDK's crypto policy files and verifies
 * its providers (about 20 ms in every JVM the manager starts: the forked server, each child process), nor that of the
 * security providers (see {@link Sha256}), for one handshake.
 */
final class HmacSha256 {

    /** The block size of SHA-256, in bytes. */
    private static final int BLOCK = Sha256.BLOCK;

    private final Sha256 digest = new Sha256();
    private final byte[] outerPad = new byte[BLOCK];

    /**
     * Starts a MAC under {@code key}.
     *
     * @param key the key, any length (longer than a block: its hash is the key, as RFC 2104 says)
     */
    HmacSha256(byte[] key) {
        byte[] block = new byte[BLOCK];
        byte[] k = key.length > BLOCK ? digest.digest(key) : key;
        System.arraycopy(k, 0, block, 0, k.length);
        byte[] innerPad = new byte[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            innerPad[i] = (byte) (block[i] ^ 0x36);
            outerPad[i] = (byte) (block[i] ^ 0x5c);
        }
        digest.update(innerPad);
    }

    /** @param b the next byte of the message */
    void update(byte b) {
        digest.update(b);
    }

    /** @param bytes the next bytes of the message */
    void update(byte[] bytes) {
        digest.update(bytes);
    }

    /** @return the 32-byte MAC of the message; this object is not used again */
    byte[] doFinal() {
        byte[] inner = digest.digest();
        digest.update(outerPad);
        return digest.digest(inner);
    }
}
