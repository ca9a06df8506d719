package io.managedobjects.autoconfigure;

import io.managedobjects.ConnectionInfo;
import io.managedobjects.Manager;
import io.managedobjects.ManagerInfo;
import io.managedobjects.ObjectInfo;
import io.managedobjects.ServerInfo;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The {@code managedobjects} Actuator endpoint (served at {@code /actuator/managed-objects}): the manager
 * server, its hosted objects and its connections, read from {@link Manager#info()}. It never shows the
 * contents of an object (no keys, no values), only their metadata.
 *
 * <p>The result is built from plain maps and lists with fixed keys, durations and instants already
 * rendered as ISO-8601 strings, so its JSON does not depend on Jackson's date and time settings. An
 * anonymous object's {@code name} and a lock's {@code size} are {@code null} entries.
 */
@Endpoint(id = "managedobjects")
public class ManagedObjectsEndpoint {

    private final Manager manager;

    /**
     * Creates the endpoint.
     *
     * @param manager the manager whose server is shown
     */
    public ManagedObjectsEndpoint(Manager manager) {
        this.manager = manager;
    }

    /**
     * The whole snapshot: {@code server}, {@code objects} and {@code connections}.
     *
     * @return the snapshot as a JSON-ready map
     */
    @ReadOperation
    public Map<String, Object> managedObjects() {
        return toMap(manager.info());
    }

    /**
     * One hosted object, looked up by id first, then by name.
     *
     * @param idOrName the object id or its name
     * @return the object as a JSON-ready map, or {@code null} (HTTP 404) if there is no such object
     */
    @ReadOperation
    public @Nullable Map<String, @Nullable Object> object(@Selector String idOrName) {
        List<ObjectInfo> objects = manager.info().objects();
        for (ObjectInfo object : objects) {
            if (object.id().equals(idOrName)) {
                return toMap(object);
            }
        }
        for (ObjectInfo object : objects) {
            if (idOrName.equals(object.name())) {
                return toMap(object);
            }
        }
        return null;
    }

    /**
     * Converts a snapshot to the endpoint's JSON shape: {@code server} {address, pid, uptime, version},
     * {@code objects} [{id, name, type, refCount, size, createdAt, calls, state}] and {@code connections}
     * [{id, pid, remoteAddress, connectedAt, calls, heldLocks}]. A {@code null} name or size is kept as a
     * {@code null} entry.
     *
     * @param info the snapshot
     * @return a mutable map of plain maps, lists, strings and numbers
     */
    public static Map<String, Object> toMap(ManagerInfo info) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("server", toMap(info.server()));
        List<Map<String, @Nullable Object>> objects = new ArrayList<>(info.objects().size());
        for (ObjectInfo object : info.objects()) {
            objects.add(toMap(object));
        }
        map.put("objects", objects);
        List<Map<String, Object>> connections = new ArrayList<>(info.connections().size());
        for (ConnectionInfo connection : info.connections()) {
            connections.add(toMap(connection));
        }
        map.put("connections", connections);
        return map;
    }

    /**
     * Converts the server part of a snapshot: {address, pid, uptime (ISO-8601 duration in whole seconds,
     * e.g. {@code PT5M3S}), version}.
     *
     * @param server the server
     * @return a mutable map
     */
    public static Map<String, Object> toMap(ServerInfo server) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("address", server.address());
        map.put("pid", server.pid());
        map.put("uptime", server.uptime().truncatedTo(ChronoUnit.SECONDS).toString());
        map.put("version", server.version());
        return map;
    }

    /**
     * Converts one hosted object: {id, name, type, refCount, size, createdAt (ISO-8601 instant), calls,
     * state}. Its contents are never included.
     *
     * @param object the object
     * @return a mutable map, with {@code null} name and size kept as {@code null} entries
     */
    public static Map<String, @Nullable Object> toMap(ObjectInfo object) {
        Map<String, @Nullable Object> map = new LinkedHashMap<>();
        map.put("id", object.id());
        map.put("name", object.name());
        map.put("type", object.type());
        map.put("refCount", object.refCount());
        map.put("size", object.size());
        map.put("createdAt", object.createdAt().toString());
        map.put("calls", object.calls());
        // sorted for a stable order (the record holds an unordered copy)
        map.put("state", new LinkedHashMap<>(new TreeMap<>(object.state())));
        return map;
    }

    /**
     * Converts one connection: {id, pid, remoteAddress, connectedAt (ISO-8601 instant), calls, heldLocks}.
     *
     * @param connection the connection
     * @return a mutable map
     */
    public static Map<String, Object> toMap(ConnectionInfo connection) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", connection.id());
        map.put("pid", connection.pid());
        map.put("remoteAddress", connection.remoteAddress());
        map.put("connectedAt", connection.connectedAt().toString());
        map.put("calls", connection.calls());
        map.put("heldLocks", new ArrayList<>(connection.heldLocks()));
        return map;
    }
}
