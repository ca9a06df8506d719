package io.managedobjects.internal.wire;

import io.managedobjects.internal.Address;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * Length-prefixed frames over a blocking socket channel (Unix or TCP): a 4-byte big-endian length,
 * then the payload. A length above the limit, or negative, fails the read before anything is allocated.
 * One thread reads and one thread writes at a time; reads and writes may overlap.
 */
public final class FrameChannel implements Closeable {

    private final SocketChannel channel;
    private final int maxFrameBytes;
    private final ByteBuffer in = ByteBuffer.allocate(64 * 1024).flip();
    private final ByteBuffer header = ByteBuffer.allocate(4);
    private final Object writeLock = new Object();
    private volatile long bytesRead;
    private volatile long bytesWritten;

    /**
     * Wraps a connected channel.
     *
     * @param channel a connected, blocking socket channel
     * @param maxFrameBytes the largest payload accepted
     */
    public FrameChannel(SocketChannel channel, int maxFrameBytes) {
        this.channel = channel;
        this.maxFrameBytes = maxFrameBytes;
    }

    /**
     * Connects to an address.
     *
     * @param address the server address
     * @param maxFrameBytes the frame limit
     * @param timeout the TCP connect timeout
     * @return the connected channel
     * @throws IOException if the server cannot be reached
     */
    public static FrameChannel connect(Address address, int maxFrameBytes, Duration timeout) throws IOException {
        SocketChannel channel = SocketChannel.open(address.family());
        try {
            if (address.isUnix()) {
                channel.connect(address.socketAddress());
            } else {
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                channel.socket().connect(address.socketAddress(), (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            }
            return new FrameChannel(channel, maxFrameBytes);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * The underlying channel.
     *
     * @return the channel
     */
    public SocketChannel channel() {
        return channel;
    }

    /**
     * Writes one frame.
     *
     * @param payload the payload
     * @throws IOException if the connection fails
     */
    public void write(byte[] payload) throws IOException {
        if (payload.length > maxFrameBytes) {
            throw new FrameTooLargeException(payload.length, maxFrameBytes);
        }
        synchronized (writeLock) {
            ByteBuffer out = ByteBuffer.allocate(4 + payload.length);
            out.putInt(payload.length).put(payload).flip();
            writeFully(out);
        }
    }

    /**
     * Writes raw bytes (the handshake).
     *
     * @param bytes the bytes
     * @throws IOException if the connection fails
     */
    public void writeRaw(byte[] bytes) throws IOException {
        synchronized (writeLock) {
            writeFully(ByteBuffer.wrap(bytes));
        }
    }

    private void writeFully(ByteBuffer out) throws IOException {
        while (out.hasRemaining()) {
            bytesWritten += channel.write(out);
        }
    }

    /**
     * Reads one frame.
     *
     * @return the payload
     * @throws EOFException if the peer closed the connection
     * @throws FrameTooLargeException if the announced length is above the limit or negative
     * @throws IOException if the connection fails
     */
    public byte[] read() throws IOException {
        header.clear();
        readInto(header);
        int length = header.flip().getInt();
        if (length < 0 || length > maxFrameBytes) {
            throw new FrameTooLargeException(length, maxFrameBytes);
        }
        byte[] payload = new byte[length];
        readInto(ByteBuffer.wrap(payload));
        return payload;
    }

    /**
     * Reads exactly {@code n} raw bytes (the handshake).
     *
     * @param n how many
     * @return the bytes
     * @throws IOException if the connection fails or closes first
     */
    public byte[] readRaw(int n) throws IOException {
        byte[] bytes = new byte[n];
        readInto(ByteBuffer.wrap(bytes));
        return bytes;
    }

    private void readInto(ByteBuffer target) throws IOException {
        while (target.hasRemaining()) {
            if (!in.hasRemaining()) {
                if (target.remaining() >= in.capacity()) {
                    int n = channel.read(target);
                    if (n < 0) {
                        throw new EOFException("connection closed by peer");
                    }
                    bytesRead += n;
                    continue;
                }
                in.clear();
                int n = channel.read(in);
                in.flip();
                if (n < 0) {
                    throw new EOFException("connection closed by peer");
                }
                bytesRead += n;
            }
            int chunk = Math.min(in.remaining(), target.remaining());
            int limit = in.limit();
            in.limit(in.position() + chunk);
            target.put(in);
            in.limit(limit);
        }
    }

    /**
     * Bytes read so far.
     *
     * @return the count
     */
    public long bytesRead() {
        return bytesRead;
    }

    /**
     * Bytes written so far.
     *
     * @return the count
     */
    public long bytesWritten() {
        return bytesWritten;
    }

    /**
     * Whether the channel is open.
     *
     * @return true until closed
     */
    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }
}
