package io.managedobjects.internal.server;

import java.util.concurrent.ConcurrentHashMap;

/**
 * One client manager's references, shared by all of its connections (one per calling thread). When
 * its last connection closes, everything it held is released.
 */
final class Session {

    final String id;
    final ConcurrentHashMap<HostedObject, Integer> held = new ConcurrentHashMap<>();
    int connections;

    Session(String id) {
        this.id = id;
    }
}
