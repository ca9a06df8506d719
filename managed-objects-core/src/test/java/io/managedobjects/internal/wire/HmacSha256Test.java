package io.managedobjects.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The handshake's HMAC-SHA256 is RFC 2104's: the RFC 4231 vectors, and the JDK's own {@code Mac} on random input. */
class HmacSha256Test {

    @Test
    void givesTheRfc4231TestVectors() {
        byte[] twenty = new byte[20];
        java.util.Arrays.fill(twenty, (byte) 0x0b);
        assertThat(mac(twenty, "Hi There".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
        assertThat(mac("Jefe".getBytes(StandardCharsets.US_ASCII),
                "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        byte[] long131 = new byte[131];
        java.util.Arrays.fill(long131, (byte) 0xaa);
        assertThat(mac(long131, "Test Using Larger Than Block-Size Key - Hash Key First".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    }

    @Test
    void agreesWithTheJdksMacForKeysOfEveryLengthAroundTheBlockSize() throws Exception {
        Random random = new Random(15);
        for (int keyLength = 0; keyLength <= 130; keyLength++) {
            byte[] key = new byte[keyLength];
            random.nextBytes(key);
            byte[] message = new byte[random.nextInt(200)];
            random.nextBytes(message);
            HmacSha256 ours = new HmacSha256(key);
            ours.update((byte) 7);
            ours.update(message);
            Mac jdk = Mac.getInstance("HmacSHA256");
            // the JDK refuses an empty key spec; an all-zero block is what an empty key means in RFC 2104
            jdk.init(new SecretKeySpec(keyLength == 0 ? new byte[1] : key, "HmacSHA256"));
            jdk.update((byte) 7);
            jdk.update(message);
            assertThat(ours.doFinal()).as("key of %d bytes", keyLength).isEqualTo(jdk.doFinal());
        }
    }

    private static String mac(byte[] key, byte[] message) {
        HmacSha256 mac = new HmacSha256(key);
        mac.update(message);
        return HexFormat.of().formatHex(mac.doFinal());
    }
}
