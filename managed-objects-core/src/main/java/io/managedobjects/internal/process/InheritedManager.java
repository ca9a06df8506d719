package io.managedobjects.internal.process;

import io.managedobjects.Manager;

/** The manager of a child process, whatever its backend: how it warms up and how it reads its task's arguments. */
public interface InheritedManager extends Manager {

    /** Makes a first call while nobody waits for this JVM (a spare, before its task). */
    void warmUp();

    /**
     * Decodes the task's arguments; each shared object among them is held by this process's session from now on.
     *
     * @param encoded the arguments as the parent encoded them
     * @return the arguments
     */
    Object[] decodeArgs(byte[] encoded);
}
