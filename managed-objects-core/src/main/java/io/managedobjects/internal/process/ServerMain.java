package io.managedobjects.internal.process;

import io.managedobjects.internal.server.ServerEngine;
import java.io.DataInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * The main class of a forked manager server JVM. Reads its bootstrap from stdin, listens, prints
 * {@value #READY} and the bound address on stdout, and exits when told to shut down or when its parent
 * process is gone (end of file on stdin).
 */
public final class ServerMain {

    /** The line prefix that tells the parent the server accepts connections. */
    public static final String READY = "managed-objects-server-ready ";
    /** The default time a new connection has to authenticate. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    /**
     * The JVM option that makes the server write each of its log records on one line that starts with the
     * level's (never localized) name, e.g. {@code WARNING: ...}, for a parent that reads its output line by line.
     */
    public static final String ONE_LINE_RECORDS = "-D" + io.managedobjects.internal.server.JulLogger.ONE_LINE + "=true";
    /**
     * With {@link #ONE_LINE_RECORDS}, in a server JVM that loads an agent: {@code java.util.logging} is set up at start,
     * as the agent may have set it up before {@code main}.
     */
    static final String ONE_LINE_RECORDS_AT_START = "-D" + io.managedobjects.internal.server.JulLogger.ONE_LINE_AT_START + "=true";
    private static final String MAX_CONNECTIONS = "managedobjects.server.maxConnections";
    private static final String HANDSHAKE_TIMEOUT_MILLIS = "managedobjects.server.handshakeTimeoutMillis";

    /**
     * The JVM options that hand a forked server its connection limits (not secret, so a command line is fine).
     *
     * @param maxConnections how many authenticated connections it keeps open at once
     * @param handshakeTimeout how long a new connection may take to authenticate
     * @return JVM options for the server's command line
     */
    public static List<String> limitArguments(int maxConnections, Duration handshakeTimeout) {
        return List.of("-D" + MAX_CONNECTIONS + "=" + maxConnections, "-D" + HANDSHAKE_TIMEOUT_MILLIS + "=" + handshakeTimeout.toMillis());
    }

    private ServerMain() {
    }

    /**
     * Runs the server.
     *
     * @param args unused: everything comes through stdin
     * @throws IOException if the bootstrap cannot be read
     * @throws InterruptedException never in practice
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        // this JVM's output is set up for java.util.logging: the server logs there, once it has something to log
        io.managedobjects.internal.server.JulLogger.useInThisJvm();
        DataInputStream in = new DataInputStream(System.in);
        Bootstrap bootstrap = Bootstrap.read(in);
        io.managedobjects.internal.wire.FrameChannel.prepareInBackground(bootstrap.settings().address());
        ServerEngine engine = new ServerEngine(bootstrap.settings(),
                Duration.ofMillis(Long.getLong(HANDSHAKE_TIMEOUT_MILLIS, DEFAULT_HANDSHAKE_TIMEOUT.toMillis())),
                Integer.getInteger(MAX_CONNECTIONS, ServerEngine.DEFAULT_MAX_CONNECTIONS));
        String address = engine.start();
        ParentWatch.start(engine::close);
        System.out.println(READY + address);
        System.out.flush();
        engine.awaitClosed();
        ParentWatch.exit(0);
    }
}
