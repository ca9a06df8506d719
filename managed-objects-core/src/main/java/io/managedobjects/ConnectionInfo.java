package io.managedobjects;

import java.time.Instant;
import java.util.List;

/**
 * One client connection as seen in {@link ManagerInfo}.
 *
 * @param id the connection id
 * @param pid the client's process id
 * @param remoteAddress the peer address ({@code unix} for a Unix socket peer)
 * @param connectedAt when the connection was authenticated
 * @param calls calls served on it
 * @param heldLocks ids of the locks this connection's owner holds
 */
public record ConnectionInfo(String id, long pid, String remoteAddress, Instant connectedAt, long calls,
        List<String> heldLocks) {

    /**
     * Copies the list of held locks.
     *
     * @param id the connection id
     * @param pid the client's process id
     * @param remoteAddress the peer address
     * @param connectedAt when the connection was authenticated
     * @param calls calls served on it
     * @param heldLocks ids of held locks
     */
    public ConnectionInfo {
        heldLocks = List.copyOf(heldLocks);
    }
}
