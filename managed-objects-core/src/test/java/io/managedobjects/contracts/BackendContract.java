package io.managedobjects.contracts;

import io.managedobjects.Manager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The base of a backend-neutral test class: the same tests run against every backend, one subclass per backend
 * naming how to connect its manager and what it offers. What a backend does not offer is skipped, saying so.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class BackendContract {

    /** The manager of the backend under test, for the whole class. */
    protected Manager manager;

    /**
     * Connects (or starts) the backend's manager: by default a forked manager server ({@code Manager.start()}); a
     * subclass for another backend connects to it.
     *
     * @return the manager
     */
    protected Manager connect() {
        return Manager.start();
    }

    /**
     * Whether {@code manager.process(...)} starts child processes on this backend (every backend does today).
     *
     * @return true if it does
     */
    protected boolean startsProcesses() {
        return true;
    }

    @BeforeAll
    void openManager() {
        manager = connect();
    }

    @AfterAll
    void closeManager() {
        if (manager != null) {
            manager.close();
        }
    }

    /** Skips the test, saying why, on a backend that does not start child processes. */
    protected void assumeProcesses() {
        Assumptions.assumeTrue(startsProcesses(), "not on this backend: process(...) starts no child processes here");
    }
}
