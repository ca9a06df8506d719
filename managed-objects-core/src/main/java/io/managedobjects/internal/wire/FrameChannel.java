package io.managedobjects.internal.wire;

import io.managedobjects.internal.Address;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * Length-prefixed frames over a socket channel (Unix or TCP): a 4-byte big-endian length, then the
 * payload. A length above the limit, or negative, fails the read before anything is allocated. One
 * thread reads and one thread writes at a time; reads and writes may overlap.
 *
 * <p>A blocking channel (the server's) is closed by the JDK when a thread doing I/O on it is
 * interrupted. A channel made by {@link #connectUninterruptibly} is not: its I/O is non-blocking and
 * waits in selectors, which an interrupt only wakes, so an interrupt never loses a frame in flight; the
 * interrupt status is kept for the caller.
 *
 * <p>After {@link #startTls} every byte goes through an {@link SSLEngine}: the reader unwraps, the writer
 * wraps (the engine allows both at once), and the byte counts are those of the plain text.
 */
public final class FrameChannel implements Closeable {

    private final SocketChannel channel;
    private final int maxFrameBytes;
    private final ByteBuffer in = ByteBuffer.allocate(64 * 1024).flip();
    private final ByteBuffer header = ByteBuffer.allocate(4);
    private final Object writeLock = new Object();
    private volatile long bytesRead;
    private volatile long bytesWritten;
    /** Selectors of a non-blocking channel, opened on first need: one for the reader, one for the writer. */
    private @Nullable Selector readSelector;
    private @Nullable Selector writeSelector;
    private boolean closed;
    /** The TLS layer, once {@link #startTls} completed; set before any other thread uses this channel. */
    private @Nullable TlsLayer tls;

    /**
     * Wraps a connected channel.
     *
     * @param channel a connected socket channel: blocking, or non-blocking (I/O then waits in selectors)
     * @param maxFrameBytes the largest payload accepted
     */
    public FrameChannel(SocketChannel channel, int maxFrameBytes) {
        this.channel = channel;
        this.maxFrameBytes = maxFrameBytes;
    }

    /**
     * Sets up the JDK's Unix socket support on a background thread, in a forked server that is about to listen on a
     * Unix socket. Its first use sets up the JDK's security providers (a {@code SecureRandom} names its sockets): about
     * 15 ms on the server's way to its first reply, which then overlap its other start-up work. Not for children: 50 of
     * them started at once on 2 vCPUs took 10 % longer with it, as each one's start then waited on two threads.
     *
     * @param address the address the JVM will use; nothing is done unless it is a {@code unix:} one
     */
    public static void prepareInBackground(@Nullable String address) {
        if (address == null || !Address.parse(address).isUnix()) {
            return;
        }
        Thread thread = new Thread(() -> {
            try {
                SocketChannel.open(StandardProtocolFamily.UNIX).close();
            } catch (IOException | RuntimeException e) {
                // only a head start: the socket the JVM opens next reports what is wrong
            }
        }, "managed-objects-unix-socket-setup");
        thread.setDaemon(true);
        thread.start();
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
                channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
                channel.socket().connect(address.socketAddress(), (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            }
            return new FrameChannel(channel, maxFrameBytes);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Connects to an address with I/O that an interrupt of the calling thread never breaks (a client's
     * channel): the interrupt status is kept, and the frame being read or written goes on.
     *
     * @param address the server address
     * @param maxFrameBytes the frame limit
     * @param timeout the connect timeout
     * @return the connected channel
     * @throws IOException if the server cannot be reached
     */
    public static FrameChannel connectUninterruptibly(Address address, int maxFrameBytes, Duration timeout) throws IOException {
        SocketChannel channel = SocketChannel.open(address.family());
        FrameChannel frames = new FrameChannel(channel, maxFrameBytes);
        boolean interrupted = false;
        try {
            if (!address.isUnix()) {
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
            }
            channel.configureBlocking(false);
            if (!channel.connect(address.socketAddress())) {
                long deadline = System.nanoTime() + timeout.toNanos();
                try (Selector selector = Selector.open()) {
                    channel.register(selector, SelectionKey.OP_CONNECT);
                    while (!channel.finishConnect()) {
                        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                        if (left <= 0) {
                            throw new SocketTimeoutException("Connect timed out after " + timeout.toMillis() + " ms");
                        }
                        selector.select(left);
                        selector.selectedKeys().clear();
                        interrupted |= Thread.interrupted();
                    }
                }
            }
            return frames;
        } catch (IOException | RuntimeException e) {
            frames.close();
            throw e;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The frame limit.
     *
     * @return the largest payload read or written
     */
    public int maxFrameBytes() {
        return maxFrameBytes;
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
        int plain = out.remaining();
        TlsLayer layer = tls;
        if (layer != null) {
            layer.write(out);
        } else {
            writeNet(out);
        }
        bytesWritten += plain;
    }

    /** Writes bytes to the socket as they are (plain text, or TLS records). */
    private void writeNet(ByteBuffer out) throws IOException {
        boolean interrupted = false;
        try {
            while (out.hasRemaining()) {
                if (channel.write(out) == 0) {
                    interrupted |= awaitReady(true);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Waits until a non-blocking channel can be read or written (a blocking one never gets here).
     *
     * @return whether the waiting thread was interrupted meanwhile (its status is cleared, so that the
     *     wait can go on: the caller restores it)
     */
    private boolean awaitReady(boolean write) throws IOException {
        Selector selector = selector(write);
        try {
            selector.select();
            selector.selectedKeys().clear();
        } catch (ClosedSelectorException e) {
            throw new AsynchronousCloseException();
        }
        if (!channel.isOpen()) {
            throw new AsynchronousCloseException();
        }
        return Thread.interrupted();
    }

    private boolean awaitReadable(@Nullable Runnable onInterrupt) throws IOException {
        boolean interrupted = awaitReady(false);
        if (interrupted && onInterrupt != null) {
            onInterrupt.run();
        }
        return interrupted;
    }

    private synchronized Selector selector(boolean write) throws IOException {
        if (closed) {
            throw new ClosedChannelException();
        }
        Selector selector = write ? writeSelector : readSelector;
        if (selector == null) {
            selector = Selector.open();
            try {
                channel.register(selector, write ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
            } catch (IOException | RuntimeException e) {
                selector.close();
                throw e;
            }
            if (write) {
                writeSelector = selector;
            } else {
                readSelector = selector;
            }
        }
        return selector;
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
        return read(null);
    }

    /**
     * Reads one frame; an interrupt of the reading thread (of a non-blocking channel) is told to a callback
     * at once and the read goes on, so the reader can react (ask the server to cancel its call) without
     * losing the frame. The interrupt status is kept for the caller.
     *
     * @param onInterrupt told when the reading thread is interrupted while it waits, or null
     * @return the payload
     * @throws EOFException if the peer closed the connection
     * @throws FrameTooLargeException if the announced length is above the limit or negative
     * @throws IOException if the connection fails
     */
    public byte[] read(@Nullable Runnable onInterrupt) throws IOException {
        header.clear();
        readInto(header, onInterrupt);
        int length = header.flip().getInt();
        if (length < 0 || length > maxFrameBytes) {
            throw new FrameTooLargeException(length, maxFrameBytes);
        }
        byte[] payload = new byte[length];
        readInto(ByteBuffer.wrap(payload), onInterrupt);
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
        readInto(ByteBuffer.wrap(bytes), null);
        return bytes;
    }

    /** Reads what the socket has into a buffer (possibly nothing); end of stream is an {@link EOFException}. */
    private int readSome(ByteBuffer buffer) throws IOException {
        TlsLayer layer = tls;
        int n = layer != null ? layer.read(buffer) : channel.read(buffer);
        if (n < 0) {
            throw new EOFException("connection closed by peer");
        }
        bytesRead += n;
        return n;
    }

    private void readInto(ByteBuffer target, @Nullable Runnable onInterrupt) throws IOException {
        boolean interrupted = false;
        try {
            while (target.hasRemaining()) {
                if (!in.hasRemaining()) {
                    if (target.remaining() >= in.capacity()) {
                        if (readSome(target) == 0) {
                            interrupted |= awaitReadable(onInterrupt);
                        }
                        continue;
                    }
                    in.clear();
                    int n = readSome(in);
                    in.flip();
                    if (n == 0) {
                        interrupted |= awaitReadable(onInterrupt);
                        continue;
                    }
                }
                int chunk = Math.min(in.remaining(), target.remaining());
                int limit = in.limit();
                in.limit(in.position() + chunk);
                target.put(in);
                in.limit(limit);
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
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
        Selector reader;
        Selector writer;
        synchronized (this) {
            closed = true;
            reader = readSelector;
            writer = writeSelector;
        }
        // closing a selector wakes the thread waiting in it, and releases the channel's registration (and socket)
        for (Selector selector : new Selector[] {reader, writer}) {
            if (selector != null) {
                try {
                    selector.close();
                } catch (IOException e) {
                    // nothing left to do
                }
            }
        }
    }

    /**
     * Runs the TLS handshake on this channel and turns it into a TLS channel: from then on every frame is
     * encrypted. Called once, before any other thread uses the channel; bytes already read past the plain
     * greeting are handed to the engine.
     *
     * @param engine a fresh engine, in client or server mode
     * @throws SSLException if the handshake fails (an untrusted certificate, a peer without TLS)
     * @throws IOException if the connection fails
     */
    public void startTls(SSLEngine engine) throws IOException {
        TlsLayer layer = new TlsLayer(engine, in);
        in.clear().flip();
        layer.handshake();
        tls = layer;
    }

    /**
     * Whether {@link #startTls} made this a TLS channel.
     *
     * @return true once TLS is on
     */
    public boolean isTls() {
        return tls != null;
    }

    /** TLS records over the socket: unwraps for the reader, wraps for the writer (under the write lock). */
    private final class TlsLayer {

        private final SSLEngine engine;
        /** Records read from the socket, not unwrapped yet (read mode). */
        private ByteBuffer netIn;
        /** Plain text unwrapped, not handed out yet (read mode). */
        private ByteBuffer appIn;
        /** Records to send (read mode); only under the write lock once the handshake is over. */
        private ByteBuffer netOut;

        TlsLayer(SSLEngine engine, ByteBuffer alreadyRead) {
            this.engine = engine;
            int packet = engine.getSession().getPacketBufferSize();
            netIn = ByteBuffer.allocate(Math.max(packet, alreadyRead.remaining()));
            netIn.put(alreadyRead).flip();
            appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize()).flip();
            netOut = ByteBuffer.allocate(packet).flip();
        }

        void handshake() throws IOException {
            engine.beginHandshake();
            ByteBuffer empty = ByteBuffer.allocate(0);
            boolean interrupted = false;
            try {
                while (true) {
                    switch (engine.getHandshakeStatus()) {
                        case NEED_WRAP -> wrap(empty);
                        case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                            if (unwrap() == SSLEngineResult.Status.BUFFER_UNDERFLOW && fill() == 0) {
                                interrupted |= awaitReady(false);
                            }
                        }
                        case NEED_TASK -> runTasks();
                        default -> {
                            return;
                        }
                    }
                }
            } catch (SSLException e) {
                sendAlert();
                throw e;
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** Tells the peer why the handshake failed (the alert the engine holds), so it can say so too. */
        private void sendAlert() {
            try {
                engine.closeOutbound();
                for (int i = 0; i < 4 && engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP; i++) {
                    wrap(ByteBuffer.allocate(0));
                }
            } catch (IOException | RuntimeException ignored) {
                // the connection is being dropped anyway
            }
        }

        /** Hands out plain text; 0 when none can be had without waiting for the socket. */
        int read(ByteBuffer target) throws IOException {
            while (true) {
                if (appIn.hasRemaining()) {
                    int chunk = Math.min(appIn.remaining(), target.remaining());
                    int limit = appIn.limit();
                    appIn.limit(appIn.position() + chunk);
                    target.put(appIn);
                    appIn.limit(limit);
                    return chunk;
                }
                SSLEngineResult.Status status = netIn.hasRemaining() ? unwrap() : SSLEngineResult.Status.BUFFER_UNDERFLOW;
                if (engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                    runTasks();
                }
                if (engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
                    // a post-handshake message (a key update) wants an answer
                    synchronized (writeLock) {
                        wrap(ByteBuffer.allocate(0));
                    }
                }
                if (status == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                    int n = fill();
                    if (n == 0) {
                        return 0;
                    }
                }
            }
        }

        /** Unwraps what {@link #netIn} holds into {@link #appIn} (which must be drained). */
        private SSLEngineResult.Status unwrap() throws IOException {
            while (true) {
                appIn.clear();
                SSLEngineResult result = engine.unwrap(netIn, appIn);
                appIn.flip();
                switch (result.getStatus()) {
                    case BUFFER_OVERFLOW -> appIn = ByteBuffer.allocate(Math.max(appIn.capacity() * 2,
                            engine.getSession().getApplicationBufferSize())).flip();
                    case CLOSED -> throw new EOFException("connection closed by peer (TLS)");
                    default -> {
                        return result.getStatus();
                    }
                }
            }
        }

        /** Reads more records from the socket; 0 when none is there yet. */
        private int fill() throws IOException {
            netIn.compact();
            if (!netIn.hasRemaining()) {
                ByteBuffer larger = ByteBuffer.allocate(Math.max(netIn.capacity() * 2, engine.getSession().getPacketBufferSize()));
                netIn.flip();
                larger.put(netIn);
                netIn = larger;
            }
            int n;
            try {
                n = channel.read(netIn);
            } finally {
                netIn.flip();
            }
            if (n < 0) {
                throw new EOFException("connection closed by peer");
            }
            return n;
        }

        /** Encrypts and sends all of a buffer (the caller holds the write lock, or is the only user). */
        void write(ByteBuffer plain) throws IOException {
            do {
                wrap(plain);
            } while (plain.hasRemaining());
        }

        private void wrap(ByteBuffer plain) throws IOException {
            while (true) {
                netOut.clear();
                SSLEngineResult result = engine.wrap(plain, netOut);
                netOut.flip();
                switch (result.getStatus()) {
                    case BUFFER_OVERFLOW -> netOut = ByteBuffer.allocate(Math.max(netOut.capacity() * 2,
                            engine.getSession().getPacketBufferSize())).flip();
                    case CLOSED -> throw new ClosedChannelException();
                    default -> {
                        writeNet(netOut);
                        return;
                    }
                }
            }
        }

        private void runTasks() {
            Runnable task;
            while ((task = engine.getDelegatedTask()) != null) {
                task.run();
            }
        }
    }
}
