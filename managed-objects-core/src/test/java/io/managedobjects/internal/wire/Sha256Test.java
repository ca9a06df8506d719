package io.managedobjects.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The handshake's SHA-256 is FIPS 180-4's: its examples, and the JDK's own digest on input of every length around a block. */
class Sha256Test {

    @Test
    void givesTheFipsExamples() {
        assertThat(hex(new Sha256().digest(new byte[0])))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(hex(new Sha256().digest("abc".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(hex(new Sha256().digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
        Sha256 million = new Sha256();
        for (int i = 0; i < 1_000_000; i++) {
            million.update((byte) 'a');
        }
        assertThat(hex(million.digest())).isEqualTo("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    }

    @Test
    void agreesWithTheJdksDigestForEveryLengthAndEverySplitIntoUpdates() throws Exception {
        Random random = new Random(180);
        Sha256 ours = new Sha256();
        for (int length = 0; length <= 300; length++) {
            byte[] message = new byte[length];
            random.nextBytes(message);
            byte[] expected = MessageDigest.getInstance("SHA-256").digest(message);
            assertThat(ours.digest(message)).as("%d bytes at once", length).isEqualTo(expected);
            int split = length == 0 ? 0 : random.nextInt(length);
            int single = Math.min(length, split + 3);
            ours.update(java.util.Arrays.copyOfRange(message, 0, split));
            for (int i = split; i < single; i++) {
                ours.update(message[i]);
            }
            ours.update(java.util.Arrays.copyOfRange(message, single, length));
            assertThat(ours.digest()).as("%d bytes in parts split at %d", length, split).isEqualTo(expected);
        }
    }

    @Test
    void randomBytesAreFreshEachTime() {
        byte[] first = Handshake.randomBytes(32);
        byte[] second = Handshake.randomBytes(32);
        assertThat(first).hasSize(32).isNotEqualTo(second).isNotEqualTo(new byte[32]);
    }

    @Test
    void randomBytesComeFromADeviceNeverFromARegularFileOrADirectory(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        // a regular file at the device's path (as one planted on a Windows drive would be) is never read
        java.nio.file.Path planted = java.nio.file.Files.write(dir.resolve("urandom"), new byte[64]);
        assertThat(Handshake.readDevice(planted, new byte[16])).isFalse();
        assertThat(Handshake.readDevice(dir, new byte[16])).isFalse();
        assertThat(Handshake.readDevice(dir.resolve("missing"), new byte[16])).isFalse();
        java.nio.file.Path device = java.nio.file.Path.of("/dev/urandom");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.io.File.separatorChar == '/' && java.nio.file.Files.exists(device));
        byte[] bytes = new byte[16];
        assertThat(Handshake.readDevice(device, bytes)).isTrue();
        assertThat(bytes).isNotEqualTo(new byte[16]);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
