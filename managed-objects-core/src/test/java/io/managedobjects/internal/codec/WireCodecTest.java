package io.managedobjects.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.managedobjects.DisallowedTypeException;
import io.managedobjects.fixtures.NoRefs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The frame payloads of calls and replies: a reply's call id is read without a parser, and generators kept from one
 * payload to the next never carry anything over.
 */
class WireCodecTest {

    private final WireCodec codec = new WireCodec(new TypePolicy(List.of(), getClass().getClassLoader()));

    private static final RefResolver NO_REFS = NoRefs.INSTANCE;

    /** Not on the allow-list: encoding it fails part-way through a payload. */
    static final class NotAllowed {
        int value = 1;
    }

    @Test
    void theCallIdOfEveryReplyAndRequestIsReadAtEveryWidthOfItsEncoding() {
        for (long callId : new long[] {0, 1, 23, 24, 255, 256, 65_535, 65_536, 4_294_967_295L, 4_294_967_296L, Long.MAX_VALUE}) {
            assertThat(codec.peekCallId(codec.encodeResult(callId, "v", NO_REFS))).as("result %d", callId).isEqualTo(callId);
            assertThat(codec.peekCallId(codec.encodeError(callId, ErrorInfo.of(new IllegalStateException("x")))))
                    .as("error %d", callId).isEqualTo(callId);
            assertThat(codec.peekCallId(codec.encodeRequest(callId, 7, "m1", "put", new Object[] {1, 2}, NO_REFS)))
                    .as("request %d", callId).isEqualTo(callId);
        }
    }

    @Test
    void theCallIdAfterTheHeadOfAnArrayOfAnyStatedLengthIsRead() {
        // other clients may write arrays of a stated length: 3 elements, then 24 (one length byte), 256 (two), 65,536 (four)
        assertThat(codec.peekCallId(new byte[] {(byte) 0x83, 0x19, 0x01, 0x00})).isEqualTo(256);
        assertThat(codec.peekCallId(new byte[] {(byte) 0x98, 24, 0x05})).isEqualTo(5);
        assertThat(codec.peekCallId(new byte[] {(byte) 0x99, 0x01, 0x00, 0x18, (byte) 200})).isEqualTo(200);
        assertThat(codec.peekCallId(new byte[] {(byte) 0x9a, 0, 1, 0, 0, 0x1a, 0, 1, 0, 0})).isEqualTo(65_536);
    }

    @Test
    void aPayloadWithoutACallIdIsPeekedAsMinusOne() {
        assertThat(codec.peekCallId(new byte[0])).isEqualTo(-1);
        assertThat(codec.peekCallId(new byte[] {(byte) 0x9f})).as("cut after the array's head").isEqualTo(-1);
        assertThat(codec.peekCallId(new byte[] {(byte) 0x9f, 0x1b, 0, 0})).as("cut inside the call id").isEqualTo(-1);
        assertThat(codec.peekCallId(new byte[] {(byte) 0x9f, 0x20})).as("a negative call id").isEqualTo(-1);
        assertThat(codec.peekCallId(new byte[] {(byte) 0x9f, 0x1b, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0})).as("above Long.MAX_VALUE")
                .isEqualTo(-1);
        assertThat(codec.peekCallId(new byte[] {(byte) 0x9f, 0x1c})).as("a reserved width").isEqualTo(-1);
        assertThat(codec.peekCallId(new byte[] {0x61, 0x61})).as("a string, not an array").isEqualTo(-1);
        assertThat(codec.peekCallId(new byte[] {(byte) 0x9c, 5})).as("a reserved array length").isEqualTo(-1);
        assertThat(codec.peekCallId(new byte[] {(byte) 0x98})).as("cut inside the array's length").isEqualTo(-1);
        assertThat(codec.peekCallId(codec.encodeValue("text", NO_REFS))).as("a bare value").isEqualTo(-1);
    }

    @Test
    void aPayloadThatFailedPartWayLeavesNothingInTheNextOne() {
        byte[] before = codec.encodeRequest(5, 1, "m1", "put", new Object[] {"key", 42}, NO_REFS);
        for (int i = 0; i < 20; i++) {
            assertThatThrownBy(() -> codec.encodeRequest(6, 1, "m1", "put", new Object[] {"key", List.of(1, new NotAllowed())}, NO_REFS))
                    .isInstanceOf(DisallowedTypeException.class);
            assertThat(codec.encodeRequest(5, 1, "m1", "put", new Object[] {"key", 42}, NO_REFS)).isEqualTo(before);
        }
        Request request = codec.decodeRequest(before, NO_REFS);
        assertThat(request.callId()).isEqualTo(5);
        assertThat(request.args()).containsExactly("key", 42);
    }

    @Test
    void aLargePayloadAndTheSmallOnesAfterItAreWhole() {
        List<Integer> large = IntStream.range(0, 100_000).boxed().toList();
        byte[] small = codec.encodeResult(1, "small", NO_REFS);
        for (int i = 0; i < 3; i++) {
            assertThat(codec.decodeResponse(codec.encodeResult(2, large, NO_REFS), NO_REFS).value()).isEqualTo(large);
            assertThat(codec.encodeResult(1, "small", NO_REFS)).isEqualTo(small);
        }
    }

    @Test
    void threadsEncodingAtOnceEachGetTheirOwnPayloads() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try {
            List<Callable<Void>> encoders = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int thread = t;
                encoders.add(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        Object value = i % 3 == 0 ? Map.of("t", thread, "i", i) : i % 3 == 1 ? "t" + thread + "-" + i : new int[] {thread, i};
                        byte[] payload = codec.encodeRequest(i, thread, "m" + thread, "put", new Object[] {value}, NO_REFS);
                        Request request = codec.decodeRequest(payload, NO_REFS);
                        assertThat(request.callId()).isEqualTo(i);
                        assertThat(request.thread()).isEqualTo(thread);
                        assertThat(request.target()).isEqualTo("m" + thread);
                        Object decoded = request.args()[0];
                        if (value instanceof int[] ints) {
                            assertThat(Arrays.equals((int[]) decoded, ints)).isTrue();
                        } else {
                            assertThat(decoded).isEqualTo(value);
                        }
                    }
                    return null;
                });
            }
            for (Future<Void> done : threads.invokeAll(encoders)) {
                done.get();
            }
        } finally {
            threads.shutdownNow();
            assertThat(threads.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }
    }
}
