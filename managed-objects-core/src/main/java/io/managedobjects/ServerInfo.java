package io.managedobjects;

import java.time.Duration;

/**
 * The manager server as seen in {@link ManagerInfo}.
 *
 * @param address the address the server is bound to
 * @param pid the server's process id
 * @param uptime time since the server started
 * @param version the managed-objects version of the server
 */
public record ServerInfo(String address, long pid, Duration uptime, String version) {
}
