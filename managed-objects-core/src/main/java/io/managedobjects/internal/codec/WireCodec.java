package io.managedobjects.internal.codec;

import io.managedobjects.DisallowedTypeException;
import io.managedobjects.ManagerException;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamWriteConstraints;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.dataformat.cbor.CBORFactory;

/**
 * Encodes requests and responses into frame payloads (CBOR through Jackson 3) and back. The one codec
 * both sides use; values go through {@link ValueCodec}.
 */
public final class WireCodec {

    private static final int OK = 0;
    private static final int FAILED = 1;

    /** CBOR's major type of arrays (of definite or indefinite length), in an initial byte's top three bits. */
    private static final int ARRAY_TYPE = 4;

    private static final int SPARE_ENCODERS = 4;

    private static final int INITIAL_BYTES = 256;

    /** A kept generator's byte array above this size (a bulk call's) is not kept: a server has a codec per allow-list. */
    private static final int MAX_KEPT_BYTES = 8 * 1024;

    /** The token streams alone: no data-binding mapper is built (it took a child JVM's start 0.1 s of CPU). */
    private final CBORFactory factory;
    private final ValueCodec values;

    /** Generators kept between payloads, one per thread that encodes at once, up to a few. */
    private final AtomicReferenceArray<@Nullable Encoder> spareEncoders = new AtomicReferenceArray<>(SPARE_ENCODERS);

    /**
     * Creates a codec.
     *
     * @param policy the allow-list of this side
     */
    public WireCodec(TypePolicy policy) {
        // buffers are not recycled: a parser reads a payload in place, and a generator is kept between payloads
        // (encode), so a pool's handing out and taking back (a concurrent deque) cost more than the little it saved:
        // parsing a reply took twice as long before the JIT compiled it
        this.factory = CBORFactory.builder()
                .recyclerPool(JsonRecyclerPools.nonRecyclingPool())
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(2 * ValueCodec.MAX_DEPTH)
                        .maxStringLength(Integer.MAX_VALUE)
                        .build())
                .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(2 * ValueCodec.MAX_DEPTH).build())
                .build();
        this.values = new ValueCodec(policy);
    }

    /**
     * The allow-list of this side.
     *
     * @return the policy
     */
    public TypePolicy policy() {
        return values.policy();
    }

    /**
     * Encodes a request.
     *
     * @param callId the call id
     * @param target the object id
     * @param method the operation
     * @param args the arguments
     * @param refs how shared objects become references
     * @return the frame payload
     * @throws DisallowedTypeException if an argument may not cross the boundary (nothing is sent)
     */
    public byte[] encodeRequest(long callId, String target, String method, @Nullable Object[] args, RefResolver refs) {
        return encodeRequest(callId, 0, target, method, args, refs);
    }

    /**
     * Encodes a request made by a thread.
     *
     * @param callId the call id, unique among the calls in flight on its connection
     * @param thread the calling thread's id (the server makes the owner of what it acquires from it)
     * @param target the object id
     * @param method the operation
     * @param args the arguments
     * @param refs how shared objects become references
     * @return the frame payload
     * @throws DisallowedTypeException if an argument may not cross the boundary (nothing is sent)
     */
    public byte[] encodeRequest(long callId, long thread, String target, String method, @Nullable Object[] args, RefResolver refs) {
        return encode(out -> {
            out.writeStartArray();
            out.writeNumber(callId);
            out.writeNumber(thread);
            out.writeString(target);
            out.writeString(method);
            for (Object arg : args) {
                values.write(out, arg, refs);
            }
            out.writeEndArray();
        });
    }

    /**
     * Decodes a request.
     *
     * @param payload the frame payload
     * @param refs how references become local stand-ins
     * @return the request
     * @throws MalformedInputException if the payload is not a request
     * @throws DisallowedTypeException if an argument names a class outside the allow-list
     */
    public Request decodeRequest(byte[] payload, RefResolver refs) {
        return decoding(payload, in -> {
            expect(in.nextToken(), JsonToken.START_ARRAY);
            expect(in.nextToken(), JsonToken.VALUE_NUMBER_INT);
            long callId = in.getLongValue();
            expect(in.nextToken(), JsonToken.VALUE_NUMBER_INT);
            long thread = in.getLongValue();
            expect(in.nextToken(), JsonToken.VALUE_STRING);
            String target = in.getString();
            expect(in.nextToken(), JsonToken.VALUE_STRING);
            String method = in.getString();
            RefResolver argRefs = refs.forRequest(target, method);
            List<Object> args = new ArrayList<>(4);
            while (in.nextToken() != JsonToken.END_ARRAY) {
                args.add(values.readArgument(in, argRefs));
            }
            return new Request(callId, thread, target, method, args.toArray());
        });
    }

    /**
     * Peeks at the call id of a payload that failed to decode, so that the failure can be answered.
     *
     * @param payload a request payload
     * @return its call id, or -1
     */
    public long peekCallId(byte[] payload) {
        // read by hand, as every reply is peeked at before its caller decodes it: an array's head (of any length), then
        // a CBOR unsigned integer, what encodeRequest and encodeResult write first
        if (payload.length == 0 || (payload[0] & 0xff) >> 5 != ARRAY_TYPE) {
            return -1;
        }
        int lengthBytes = argumentBytes(payload[0] & 0x1f);
        if (lengthBytes < 0) {
            return -1;
        }
        int at = 1 + lengthBytes;
        if (payload.length <= at || (payload[at] & 0xff) >> 5 != 0) {
            return -1;
        }
        int info = payload[at] & 0x1f;
        if (info < 24) {
            return info;
        }
        int size = argumentBytes(info);
        if (size <= 0 || payload.length < at + 1 + size) {
            return -1;
        }
        long value = 0;
        for (int i = 1; i <= size; i++) {
            value = value << 8 | payload[at + i] & 0xff;
        }
        return value < 0 ? -1 : value;
    }

    /**
     * How many bytes follow a CBOR initial byte with this additional information before its content: 0 for a value in
     * the byte itself or an indefinite length, 1, 2, 4 or 8, or -1 for the reserved values.
     */
    private static int argumentBytes(int info) {
        return switch (info) {
            case 24 -> 1;
            case 25 -> 2;
            case 26 -> 4;
            case 27 -> 8;
            case 28, 29, 30 -> -1;
            default -> 0;
        };
    }

    /**
     * Encodes a successful result.
     *
     * @param callId the call id
     * @param value the result
     * @param refs how hosted objects become references
     * @return the frame payload
     */
    public byte[] encodeResult(long callId, @Nullable Object value, RefResolver refs) {
        return encode(out -> {
            out.writeStartArray();
            out.writeNumber(callId);
            out.writeNumber(OK);
            values.write(out, value, refs);
            out.writeEndArray();
        });
    }

    /**
     * Encodes one value on its own, as a backend that stores values outside a manager server keeps them.
     *
     * @param value the value
     * @param refs how shared objects become references
     * @return its bytes; equal values of the same classes give equal bytes where the codec is deterministic
     *     (everything but hash-ordered collections of user classes)
     * @throws io.managedobjects.DisallowedTypeException if it may not cross the boundary
     */
    public byte[] encodeValue(@Nullable Object value, RefResolver refs) {
        return encode(out -> values.write(out, value, refs));
    }

    /**
     * Decodes a value that {@link #encodeValue} encoded.
     *
     * @param bytes its bytes
     * @param refs how references become proxies
     * @return the value
     * @throws MalformedInputException if the bytes are not a value
     */
    public @Nullable Object decodeValue(byte[] bytes, RefResolver refs) {
        return decoding(bytes, in -> {
            in.nextToken();
            return values.read(in, refs);
        });
    }

    /**
     * Whether a value can be encoded on this side.
     *
     * @param value the value
     * @param refs how shared objects become references
     * @return false if it (or anything in it) may not cross the boundary
     */
    public boolean canEncode(@Nullable Object value, RefResolver refs) {
        try {
            encodeResult(0, value, refs);
            return true;
        } catch (DisallowedTypeException e) {
            return false;
        }
    }

    /**
     * Encodes a failure.
     *
     * @param callId the call id
     * @param error the exception
     * @return the frame payload
     */
    public byte[] encodeError(long callId, ErrorInfo error) {
        return encode(out -> {
            out.writeStartArray();
            out.writeNumber(callId);
            out.writeNumber(FAILED);
            writeError(out, error);
            out.writeEndArray();
        });
    }

    private static void writeError(JsonGenerator out, ErrorInfo error) {
        out.writeStartArray();
        out.writeString(error.className());
        if (error.message() == null) {
            out.writeNull();
        } else {
            out.writeString(error.message());
        }
        out.writeStartArray();
        for (StackTraceElement frame : error.stackTrace()) {
            out.writeStartArray();
            out.writeString(frame.getClassName());
            out.writeString(frame.getMethodName());
            if (frame.getFileName() == null) {
                out.writeNull();
            } else {
                out.writeString(frame.getFileName());
            }
            out.writeNumber(frame.getLineNumber());
            out.writeEndArray();
        }
        out.writeEndArray();
        if (error.cause() == null) {
            out.writeNull();
        } else {
            writeError(out, error.cause());
        }
        out.writeEndArray();
    }

    /**
     * Decodes a response.
     *
     * @param payload the frame payload
     * @param refs how references become proxies
     * @return the response
     * @throws MalformedInputException if the payload is not a response
     */
    public Response decodeResponse(byte[] payload, RefResolver refs) {
        return decoding(payload, in -> {
            expect(in.nextToken(), JsonToken.START_ARRAY);
            expect(in.nextToken(), JsonToken.VALUE_NUMBER_INT);
            long callId = in.getLongValue();
            expect(in.nextToken(), JsonToken.VALUE_NUMBER_INT);
            int status = in.getIntValue();
            in.nextToken();
            if (status == OK) {
                return new Response(callId, values.read(in, refs), null);
            }
            return new Response(callId, null, readError(in));
        });
    }

    /**
     * Writes one payload with a generator kept from an earlier one: creating a generator (its context, its buffer from
     * the recycler pool) cost more than writing a small call, and was most of what a fresh JVM compiled for its calls.
     * A generator whose write failed part-way is dropped, with its bytes.
     */
    private byte[] encode(java.util.function.Consumer<JsonGenerator> writer) {
        Encoder encoder = takeEncoder();
        boolean written = false;
        try {
            writer.accept(encoder.out);
            encoder.out.flush();
            byte[] payload = encoder.bytes.toByteArray();
            written = true;
            return payload;
        } finally {
            if (written) {
                encoder.bytes.clear();
                keep(encoder);
            } else {
                encoder.discard();
            }
        }
    }

    private Encoder takeEncoder() {
        for (int i = 0; i < spareEncoders.length(); i++) {
            Encoder spare = spareEncoders.get(i);
            if (spare != null && spareEncoders.compareAndSet(i, spare, null)) {
                return spare;
            }
        }
        PayloadBytes bytes = new PayloadBytes();
        return new Encoder(factory.createGenerator(ObjectWriteContext.empty(), bytes), bytes);
    }

    private void keep(Encoder encoder) {
        for (int i = 0; i < spareEncoders.length(); i++) {
            if (spareEncoders.get(i) == null && spareEncoders.compareAndSet(i, null, encoder)) {
                return;
            }
        }
        encoder.discard();
    }

    /** A generator and the bytes it writes into, between payloads: at the root of its output, and empty. */
    private record Encoder(JsonGenerator out, PayloadBytes bytes) {
        void discard() {
            try {
                out.close();
            } catch (RuntimeException e) {
                // dropped either way: its half-written bytes were never handed out
            }
        }
    }

    /** The bytes of one payload at a time; a large payload's array is let go once it has been copied out. */
    private static final class PayloadBytes extends ByteArrayOutputStream {
        PayloadBytes() {
            super(INITIAL_BYTES);
        }

        void clear() {
            if (buf.length > MAX_KEPT_BYTES) {
                buf = new byte[INITIAL_BYTES];
            }
            reset();
        }
    }

    /** Parses a payload; what is not a valid payload fails as malformed input, naming why. */
    private <T> T decoding(byte[] payload, java.util.function.Function<JsonParser, T> reader) {
        try (JsonParser in = factory.createParser(ObjectReadContext.empty(), payload)) {
            return reader.apply(in);
        } catch (JacksonException e) {
            throw new MalformedInputException(e.getOriginalMessage());
        } catch (ManagerException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MalformedInputException("an invalid value (" + e + ")");
        }
    }

    private static ErrorInfo readError(JsonParser in) {
        expect(in.currentToken(), JsonToken.START_ARRAY);
        expect(in.nextToken(), JsonToken.VALUE_STRING);
        String className = in.getString();
        String message = in.nextToken() == JsonToken.VALUE_NULL ? null : in.getString();
        expect(in.nextToken(), JsonToken.START_ARRAY);
        List<StackTraceElement> frames = new ArrayList<>();
        while (in.nextToken() == JsonToken.START_ARRAY) {
            in.nextToken();
            String declaring = in.getString();
            in.nextToken();
            String methodName = in.getString();
            String file = in.nextToken() == JsonToken.VALUE_NULL ? null : in.getString();
            in.nextToken();
            int line = in.getIntValue();
            in.nextToken();
            frames.add(new StackTraceElement(declaring, methodName, file, line));
        }
        ErrorInfo cause = in.nextToken() == JsonToken.VALUE_NULL ? null : readError(in);
        in.nextToken();
        return new ErrorInfo(className, message, frames, cause);
    }

    private static void expect(@Nullable JsonToken actual, JsonToken expected) {
        if (actual != expected) {
            throw new MalformedInputException("expected " + expected + " but found " + actual);
        }
    }
}
