package io.managedobjects.internal.client;

import io.managedobjects.Manager;
import io.managedobjects.internal.ManagerSettings;
import io.managedobjects.internal.process.ForkedServer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** Creates client managers: forked-server owners, plain clients, and the inherited manager of a child. */
public final class ClientManagers {

    private ClientManagers() {
    }

    /**
     * Forks a server and connects to it as its owner.
     *
     * @param settings the settings
     * @param jvmArgs the server's extra JVM options
     * @param startTimeout how long to wait for the server
     * @param observer observes every call, or null
     * @return the owner manager
     */
    public static Manager fork(ManagerSettings settings, List<String> jvmArgs, Duration startTimeout,
            io.managedobjects.@org.jspecify.annotations.Nullable CallObserver observer,
            io.managedobjects.@org.jspecify.annotations.Nullable ProcessOutput output) {
        ForkedServer server = ForkedServer.start(settings, jvmArgs, startTimeout, output);
        try {
            ManagerSettings connected = settings.with(server.address(), server.authKey());
            return new ClientManager(connected, server.address(), server, false, observer, output);
        } catch (RuntimeException e) {
            server.stop();
            throw e;
        }
    }

    /**
     * Connects to a running server.
     *
     * @param settings address and key required
     * @param observer observes every call, or null
     * @return a client manager
     */
    public static Manager connect(ManagerSettings settings, io.managedobjects.@org.jspecify.annotations.Nullable CallObserver observer,
            io.managedobjects.@org.jspecify.annotations.Nullable ProcessOutput output) {
        return new ClientManager(settings, Objects.requireNonNull(settings.address()), null, false, observer, output);
    }

    /**
     * Connects a child process to its parent's manager and makes it {@link Manager#inherited()}.
     *
     * @param settings from the bootstrap
     * @return the inherited manager
     */
    public static io.managedobjects.internal.process.InheritedManager connectChild(ManagerSettings settings) {
        String address = Objects.requireNonNull(settings.address());
        io.managedobjects.internal.backend.ManagerBackend backend = io.managedobjects.internal.backend.Backends.forAddress(address);
        io.managedobjects.internal.process.InheritedManager manager = backend != null
                ? (io.managedobjects.internal.process.InheritedManager) backend.connect(settings, null, null)
                : new ClientManager(settings, address, null, true, null, null);
        ChildContext.set(manager);
        return manager;
    }
}
