package io.managedobjects;

import java.util.Map;

/**
 * A cheap summary of a manager server: counts and uptime, without the list of objects and connections that
 * {@link ManagerInfo} carries (and without visiting any hosted object). Health checks and gauges read this;
 * the Actuator endpoint reads {@link Manager#info()}.
 *
 * @param server the server itself: address, pid, uptime, version
 * @param objects the number of hosted objects
 * @param objectsByType the hosted objects by type id ({@code map}, {@code queue}, {@code pool}, a registered type's id)
 * @param connections the number of open, authenticated client connections
 */
public record ManagerStats(ServerInfo server, int objects, Map<String, Integer> objectsByType, int connections) {

    /**
     * Copies the counts.
     *
     * @param server the server
     * @param objects the number of hosted objects
     * @param objectsByType the objects by type id
     * @param connections the number of connections
     */
    public ManagerStats {
        objectsByType = Map.copyOf(objectsByType);
    }
}
