package io.managedobjects.internal.client;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Keeps a client manager's session alive: a heartbeat every third of the server's session timeout, on
 * the connection that keeps the session, from a thread of its own (so a busy or blocked caller never
 * delays it). A heartbeat that gets no answer within the timeout drops the manager's connections.
 */
final class Heartbeats {

    /** Closes a connection whose heartbeat got no answer in time. */
    static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "managed-objects-heartbeat-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    private final Thread thread;
    private volatile boolean stopped;

    Heartbeats(ClientManager manager) {
        thread = new Thread(() -> run(manager), "managed-objects-heartbeat");
        thread.setDaemon(true);
        thread.start();
    }

    private void run(ClientManager manager) {
        while (!stopped) {
            try {
                Thread.sleep(manager.heartbeatInterval().toMillis());
            } catch (InterruptedException e) {
                return;
            }
            if (stopped || !manager.heartbeat()) {
                return;
            }
        }
    }

    void stop() {
        stopped = true;
        thread.interrupt();
    }
}
