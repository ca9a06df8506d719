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
        removePrivateDirectory(bootstrap.settings().address());
        System.out.flush();
        System.exit(0);
    }

    /**
     * Removes the private directory a parent created for the socket ({@code mo-*}, now empty), so that
     * nothing is left in the temp directory even when the parent died without closing the manager.
     */
    private static void removePrivateDirectory(@org.jspecify.annotations.Nullable String address) {
        if (address == null || !address.startsWith("unix:")) {
            return;
        }
        java.nio.file.Path dir = java.nio.file.Path.of(address.substring("unix:".length())).getParent();
        if (dir != null && dir.getFileName() != null && dir.getFileName().toString().startsWith("mo-")) {
            try {
                java.nio.file.Files.deleteIfExists(dir);
            } catch (IOException e) {
                // not empty, or already removed by the parent: leave it
            }
        }
    }
}
