package io.managedobjects.internal;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;

/**
 * A parsed manager address: {@code unix:/path/to/socket} or {@code tcp://host:port}.
 *
 * @param unixPath the socket file of a Unix address, else null
 * @param host the host of a TCP address, else null
 * @param port the port of a TCP address (0 asks for a free one when binding)
 */
public record Address(@org.jspecify.annotations.Nullable Path unixPath, @org.jspecify.annotations.Nullable String host, int port) {

    private static final String FORMS = "expected unix:/path/to/socket or tcp://host:port";

    /**
     * Parses an address.
     *
     * @param text the address
     * @return the parsed address
     * @throws IllegalArgumentException naming what is wrong and the expected form
     */
    public static Address parse(String text) {
        if (text.startsWith("unix:")) {
            String path = text.substring("unix:".length());
            if (path.isEmpty()) {
                throw new IllegalArgumentException("Malformed address '" + text + "': the socket path is empty (" + FORMS + ")");
            }
            return new Address(Path.of(path), null, 0);
        }
        if (text.startsWith("tcp://")) {
            String rest = text.substring("tcp://".length());
            int colon = rest.lastIndexOf(':');
            if (colon <= 0 || colon == rest.length() - 1) {
                throw new IllegalArgumentException("Malformed address '" + text + "': host and port are both needed (" + FORMS + ")");
            }
            String host = rest.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port;
            try {
                port = Integer.parseInt(rest.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Malformed address '" + text + "': the port is not a number (" + FORMS + ")");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("Malformed address '" + text + "': the port must be 0-65535 (" + FORMS + ")");
            }
            return new Address(null, host, port);
        }
        throw new IllegalArgumentException("Malformed address '" + text + "' (" + FORMS + ")");
    }

    /**
     * Whether this is a Unix socket address.
     *
     * @return true for {@code unix:}
     */
    public boolean isUnix() {
        return unixPath != null;
    }

    /**
     * The protocol family to open a channel with.
     *
     * @return UNIX or INET/INET6
     */
    public StandardProtocolFamily family() {
        if (unixPath != null) {
            return StandardProtocolFamily.UNIX;
        }
        return socketAddress() instanceof InetSocketAddress isa && isa.getAddress() instanceof java.net.Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }

    /**
     * The socket address to bind or connect to.
     *
     * @return a Unix or Inet socket address
     */
    public SocketAddress socketAddress() {
        return unixPath != null ? UnixDomainSocketAddress.of(unixPath) : new InetSocketAddress(host, port);
    }

    /**
     * Formats an actually bound socket address.
     *
     * @param bound the address from {@code getLocalAddress()}
     * @return its text form
     */
    public static String format(SocketAddress bound) {
        if (bound instanceof UnixDomainSocketAddress unix) {
            return "unix:" + unix.getPath();
        }
        InetSocketAddress inet = (InetSocketAddress) bound;
        String host = inet.getAddress().getHostAddress();
        return "tcp://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + inet.getPort();
    }

    /**
     * An address of this host that a bound address is reached at: a wildcard host (every interface) becomes the
     * loopback address of its family; other addresses are returned as they are.
     *
     * @param bound an address a server bound
     * @return the address to connect to from this host
     */
    public static String reachableFromThisHost(String bound) {
        return bound.replace("tcp://0.0.0.0:", "tcp://127.0.0.1:").replace("tcp://[::]:", "tcp://[::1]:")
                .replace("tcp://[0:0:0:0:0:0:0:0]:", "tcp://[::1]:");
    }

    @Override
    public String toString() {
        return unixPath != null ? "unix:" + unixPath : "tcp://" + host + ":" + port;
    }
}
