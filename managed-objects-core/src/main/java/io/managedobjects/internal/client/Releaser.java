package io.managedobjects.internal.client;

import io.managedobjects.ManagerException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Sends the releases of garbage-collected proxies to the server in batches, from its own thread (and
 * so its own connection), never from the cleaner's thread.
 */
final class Releaser {

    private static final String STOP = "";

    private final LinkedBlockingQueue<String> pending = new LinkedBlockingQueue<>();
    private final Thread thread;

    Releaser(ClientManager manager) {
        thread = new Thread(() -> run(manager), "managed-objects-releaser");
        thread.setDaemon(true);
        thread.start();
    }

    void release(String id) {
        pending.add(id);
    }

    private void run(ClientManager manager) {
        List<String> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(pending.take());
            } catch (InterruptedException e) {
                return;
            }
            pending.drainTo(batch, 10_000);
            boolean stop = batch.remove(STOP);
            if (!batch.isEmpty() && !manager.isClosed()) {
                try {
                    manager.releaseNow(List.copyOf(batch));
                } catch (ManagerException e) {
                    if (!manager.isClosed()) {
                        // the server cannot be reached now: try again later (a new session's server ignores ids it never gave)
                        pending.addAll(batch);
                        try {
                            Thread.sleep(1000);
                        } catch (InterruptedException interrupted) {
                            return;
                        }
                    }
                    // otherwise the session ended, and the server released everything it held
                }
            }
            batch.clear();
            if (stop) {
                return;
            }
        }
    }

    void stop() {
        pending.add(STOP);
    }
}
