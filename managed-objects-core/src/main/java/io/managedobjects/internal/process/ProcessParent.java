package io.managedobjects.internal.process;

import io.managedobjects.ProcessOutput;
import io.managedobjects.internal.ManagerSettings;
import org.jspecify.annotations.Nullable;

/**
 * What a manager gives the child processes it starts ({@code Manager.process(...)}), whatever its backend: the
 * settings they connect with, the spare JVM kept for the next one, and where their output goes.
 */
public interface ProcessParent {

    /**
     * The settings a child connects with (never logged: they may hold a key).
     *
     * @return the manager's address, and its key where the backend has one
     */
    ManagerSettings childSettings();

    /**
     * The child JVM kept ready for the next child.
     *
     * @return the spare slot
     */
    SpareChild spareChild();

    /**
     * Where the output of child processes goes line by line.
     *
     * @return the handler, or null to copy it to this process's own output
     */
    @Nullable ProcessOutput processOutput();
}
