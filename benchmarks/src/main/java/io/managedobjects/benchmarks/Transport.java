package io.managedobjects.benchmarks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The transports compared by the benchmarks, with the plain-socket operations of the raw ping-pong.
 * Addresses are a socket file path for {@link #UNIX} and {@code host:port} for {@link #TCP}.
 */
enum Transport {

    /** A Unix domain socket. */
    UNIX,

    /** TCP on the loopback interface, with Nagle's algorithm off on both ends. */
    TCP;

    /**
     * The transport named by a benchmark parameter.
     *
     * @param name {@code unix} or {@code tcp}
     * @return the transport
     */
    static Transport of(String name) {
        switch (name) {
            case "unix":
                return UNIX;
            case "tcp":
                return TCP;
            default:
                throw new IllegalArgumentException("Unknown transport '" + name + "': expected unix or tcp");
        }
    }

    /**
     * The parameter name of this transport.
     *
     * @return {@code unix} or {@code tcp}
     */
    String id() {
        return this == UNIX ? "unix" : "tcp";
    }

    /**
     * Opens a server channel bound to {@code address} (port 0 picks a free port).
     *
     * @param address a socket path or {@code host:port}
     * @return the bound channel, blocking
     * @throws IOException if the address cannot be bound
     */
    ServerSocketChannel bind(String address) throws IOException {
        ServerSocketChannel server = this == UNIX ? ServerSocketChannel.open(StandardProtocolFamily.UNIX) : ServerSocketChannel.open();
        try {
            server.bind(socketAddress(address));
            return server;
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /**
     * Connects a blocking client channel to {@code address}.
     *
     * @param address a socket path or {@code host:port}, as printed by the echo server
     * @return the connected channel
     * @throws IOException if the connection fails
     */
    SocketChannel connect(String address) throws IOException {
        SocketChannel channel = SocketChannel.open(socketAddress(address));
        try {
            configure(channel);
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Sets the options every connected channel of this transport gets: {@code TCP_NODELAY} for TCP.
     *
     * @param channel an accepted or connected channel
     * @throws IOException if the option cannot be set
     */
    void configure(SocketChannel channel) throws IOException {
        if (this == TCP) {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        }
    }

    /**
     * Formats a bound address the way {@link #bind} and {@link #connect} read it.
     *
     * @param bound the local address of a bound server channel
     * @return a socket path or {@code host:port}
     */
    String format(SocketAddress bound) {
        if (bound instanceof UnixDomainSocketAddress unix) {
            return unix.getPath().toString();
        }
        if (bound instanceof InetSocketAddress inet) {
            return inet.getHostString() + ":" + inet.getPort();
        }
        throw new IllegalArgumentException("Unexpected socket address " + bound);
    }

    private SocketAddress socketAddress(String address) {
        if (this == UNIX) {
            return UnixDomainSocketAddress.of(address);
        }
        int colon = address.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("Malformed TCP address '" + address + "': expected host:port");
        }
        return new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
    }
}
