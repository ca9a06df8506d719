package io.managedobjects.internal.client;

import io.managedobjects.Manager;
import org.jspecify.annotations.Nullable;

/** Holds the manager a child process inherited from its parent ({@link Manager#inherited()}). */
public final class ChildContext {

    private static volatile @Nullable Manager inherited;

    private ChildContext() {
    }

    /**
     * The inherited manager.
     *
     * @return the manager
     * @throws IllegalStateException outside a child started by {@code Manager.process(...)}
     */
    public static Manager inherited() {
        Manager manager = inherited;
        if (manager == null) {
            throw new IllegalStateException("Manager.inherited() works only in a child process started by Manager.process(...); "
                    + "elsewhere use Manager.start() or Manager.connect(address, authKey)");
        }
        return manager;
    }

    static void set(Manager manager) {
        inherited = manager;
    }

    /**
     * Forgets the inherited manager, once it is closed.
     *
     * @param manager the manager closed
     */
    public static void clear(Manager manager) {
        if (inherited == manager) {
            inherited = null;
        }
    }
}
