package io.managedobjects.internal.backend;

import io.managedobjects.CallObserver;
import io.managedobjects.Manager;
import io.managedobjects.internal.ManagerSettings;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A backend that serves managers at addresses of its own schemes, found with {@link java.util.ServiceLoader}
 * (a module of this project lists its implementation in {@code META-INF/services}). Addresses of core's own
 * schemes ({@code unix:}, {@code tcp://}) never reach a backend: they are the manager server's.
 */
public interface ManagerBackend {

    /**
     * The address schemes this backend serves, e.g. {@code redis} for {@code redis://host:port}.
     *
     * @return the schemes, lower case, without {@code ://}
     */
    Set<String> schemes();

    /**
     * Checks an address of one of this backend's schemes.
     *
     * @param address the address
     * @throws IllegalArgumentException naming what is wrong and the expected form
     */
    void validate(String address);

    /**
     * Connects a manager.
     *
     * @param settings the builder's settings; the address is one of this backend's
     * @param observer observes every call, or null
     * @param output where the output of the manager's child processes goes, or null for this process's own
     * @return the connected manager; closing it disconnects. It is also an
     *     {@link io.managedobjects.internal.process.InheritedManager}, for a child process that connects through it
     */
    Manager connect(ManagerSettings settings, @Nullable CallObserver observer, io.managedobjects.@Nullable ProcessOutput output);
}
