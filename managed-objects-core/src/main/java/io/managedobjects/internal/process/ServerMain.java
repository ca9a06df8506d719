package io.managedobjects.internal.process;

import io.managedobjects.internal.server.ServerEngine;
import java.io.DataInputStream;
import java.io.IOException;
import java.time.Duration;

/**
 * The main class of a forked manager server JVM. Reads its bootstrap from stdin, listens, prints
 * {@value #READY} and the bound address on stdout, and exits when told to shut down or when its parent
 * process is gone (end of file on stdin).
 */
public final class ServerMain {

    /** The line prefix that tells the parent the server accepts connections. */
    public static final String READY = "managed-objects-server-ready ";

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
        DataInputStream in = new DataInputStream(System.in);
        Bootstrap bootstrap = Bootstrap.read(in);
        ServerEngine engine = new ServerEngine(bootstrap.settings(), Duration.ofSeconds(10));
        String address = engine.start();
        Bootstrap.watchParent(in, engine::close);
        System.out.println(READY + address);
        System.out.flush();
        engine.awaitClosed();
        System.out.flush();
        System.exit(0);
    }
}
