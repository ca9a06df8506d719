package io.managedobjects;

import java.util.List;

/**
 * A snapshot of a manager server, read from the server's one registry: the same data the Actuator
 * endpoint shows, with the same field names.
 *
 * @param server the server itself
 * @param objects the hosted objects
 * @param connections the open client connections
 */
public record ManagerInfo(ServerInfo server, List<ObjectInfo> objects, List<ConnectionInfo> connections) {

    /**
     * Copies the lists.
     *
     * @param server the server
     * @param objects the hosted objects
     * @param connections the connections
     */
    public ManagerInfo {
        objects = List.copyOf(objects);
        connections = List.copyOf(connections);
    }
}
