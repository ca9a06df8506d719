package io.managedobjects.benchmarks;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * Blocking I/O of length-prefixed frames: a 4-byte big-endian body length, then the body. This is the
 * framing of the raw ping-pong, the same shape as the manager's wire protocol.
 */
final class Frames {

    /** The size of the length prefix. */
    static final int HEADER = 4;

    private Frames() {
    }

    /**
     * Reads one whole frame into {@code buffer}, from its start.
     *
     * @param channel a blocking channel
     * @param buffer the destination; its capacity bounds the frame size
     * @return false if the channel was at end of stream before the frame began; otherwise true, with
     *     the buffer flipped: position 0, limit the end of the frame (header included)
     * @throws IOException if the stream ends inside a frame, or the length is negative or too big
     */
    static boolean readFrame(ReadableByteChannel channel, ByteBuffer buffer) throws IOException {
        buffer.clear().limit(HEADER);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                if (buffer.position() == 0) {
                    return false;
                }
                throw new EOFException("End of stream inside a frame header");
            }
        }
        int length = buffer.getInt(0);
        if (length < 0 || length > buffer.capacity() - HEADER) {
            throw new IOException("Frame length " + length + " is out of range 0.." + (buffer.capacity() - HEADER));
        }
        buffer.limit(HEADER + length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new EOFException("End of stream inside a frame body");
            }
        }
        buffer.flip();
        return true;
    }

    /**
     * Writes the remaining bytes of {@code buffer}.
     *
     * @param channel a blocking channel
     * @param buffer the bytes to write, from position to limit
     * @throws IOException if the write fails
     */
    static void writeFully(WritableByteChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
