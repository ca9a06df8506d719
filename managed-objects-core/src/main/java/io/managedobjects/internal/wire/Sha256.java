package io.managedobjects.internal.wire;

/**
 * SHA-256 (FIPS 180-4), for the handshake's HMAC. The JDK's {@code MessageDigest.getInstance("SHA-256")} computes the
 * same, but its first use in a JVM sets up the security providers (reads the {@code java.security} file, registers the
 * SUN provider's services): 20–25 ms of every JVM a manager starts, on the way to its first call, for hashing a few
 * hundred bytes. Tests check this class against the JDK's digest and the FIPS examples.
 */
final class Sha256 {

    /** The block size, in bytes. */
    static final int BLOCK = 64;

    /** The digest size, in bytes. */
    static final int LENGTH = 32;

    private static final int[] ROUND_CONSTANTS = {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    };

    private static final int[] INITIAL_STATE = {
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
    };

    private final int[] state = new int[8];
    private final int[] schedule = new int[64];
    private final byte[] block = new byte[BLOCK];
    /** Bytes waiting in {@link #block}. */
    private int buffered;
    /** Bytes hashed since the last reset. */
    private long count;

    Sha256() {
        reset();
    }

    private void reset() {
        System.arraycopy(INITIAL_STATE, 0, state, 0, state.length);
        buffered = 0;
        count = 0;
    }

    /** @param b the next byte of the message */
    void update(byte b) {
        block[buffered++] = b;
        count++;
        if (buffered == BLOCK) {
            compress(block, 0);
            buffered = 0;
        }
    }

    /** @param bytes the next bytes of the message */
    void update(byte[] bytes) {
        int offset = 0;
        int length = bytes.length;
        count += length;
        if (buffered > 0) {
            int taken = Math.min(length, BLOCK - buffered);
            System.arraycopy(bytes, 0, block, buffered, taken);
            buffered += taken;
            offset += taken;
            length -= taken;
            if (buffered < BLOCK) {
                return;
            }
            compress(block, 0);
            buffered = 0;
        }
        while (length >= BLOCK) {
            compress(bytes, offset);
            offset += BLOCK;
            length -= BLOCK;
        }
        System.arraycopy(bytes, offset, block, 0, length);
        buffered = length;
    }

    /** @return the 32-byte hash of the message; this object then starts a new message */
    byte[] digest() {
        long bits = count * 8;
        update((byte) 0x80);
        while (buffered != BLOCK - 8) {
            update((byte) 0);
        }
        for (int shift = 56; shift >= 0; shift -= 8) {
            update((byte) (bits >>> shift));
        }
        byte[] hash = new byte[LENGTH];
        for (int i = 0; i < state.length; i++) {
            hash[4 * i] = (byte) (state[i] >>> 24);
            hash[4 * i + 1] = (byte) (state[i] >>> 16);
            hash[4 * i + 2] = (byte) (state[i] >>> 8);
            hash[4 * i + 3] = (byte) state[i];
        }
        reset();
        return hash;
    }

    /**
     * @param bytes the last bytes of the message
     * @return the 32-byte hash of the message; this object then starts a new message
     */
    byte[] digest(byte[] bytes) {
        update(bytes);
        return digest();
    }

    private void compress(byte[] input, int offset) {
        int[] w = schedule;
        for (int t = 0; t < 16; t++) {
            int at = offset + 4 * t;
            w[t] = (input[at] & 0xff) << 24 | (input[at + 1] & 0xff) << 16 | (input[at + 2] & 0xff) << 8 | input[at + 3] & 0xff;
        }
        for (int t = 16; t < 64; t++) {
            int s0 = Integer.rotateRight(w[t - 15], 7) ^ Integer.rotateRight(w[t - 15], 18) ^ w[t - 15] >>> 3;
            int s1 = Integer.rotateRight(w[t - 2], 17) ^ Integer.rotateRight(w[t - 2], 19) ^ w[t - 2] >>> 10;
            w[t] = w[t - 16] + s0 + w[t - 7] + s1;
        }
        int a = state[0];
        int b = state[1];
        int c = state[2];
        int d = state[3];
        int e = state[4];
        int f = state[5];
        int g = state[6];
        int h = state[7];
        for (int t = 0; t < 64; t++) {
            int sum1 = Integer.rotateRight(e, 6) ^ Integer.rotateRight(e, 11) ^ Integer.rotateRight(e, 25);
            int choice = e & f ^ ~e & g;
            int t1 = h + sum1 + choice + ROUND_CONSTANTS[t] + w[t];
            int sum0 = Integer.rotateRight(a, 2) ^ Integer.rotateRight(a, 13) ^ Integer.rotateRight(a, 22);
            int majority = a & b ^ a & c ^ b & c;
            int t2 = sum0 + majority;
            h = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }
        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
        state[4] += e;
        state[5] += f;
        state[6] += g;
        state[7] += h;
    }
}
