package io.managedobjects.internal.client;

import io.managedobjects.ManagerException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Sends the releases of garbage-collected proxies to the server in batches, from its own thread (and
 * so its own connection), never from the cleaner's thread. A release belongs to the session its proxy's
 * reference was counted for: one of a session that has ended since is dropped (the server released
 * everything that session held), so it never takes a count the current session holds.
 */
final class Releaser {

    /** A released reference and the session (link number) it was counted for. */
    private record Released(int link, String id) {
    }

    private static final Released STOP = new Released(0, "");

    private final LinkedBlockingQueue<Released> pending = new LinkedBlockingQueue<>();
    private final Thread thread;

    Releaser(ClientManager manager) {
        thread = new Thread(() -> run(manager), "managed-objects-releaser");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Queues a release.
     *
     * @param link the number of the session the reference was counted for
     * @param id the object id
     */
    void release(int link, String id) {
        pending.add(new Released(link, id));
    }

    private void run(ClientManager manager) {
        List<Released> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(pending.take());
            } catch (InterruptedException e) {
                return;
            }
            pending.drainTo(batch, 10_000);
            boolean stop = batch.remove(STOP);
            if (!batch.isEmpty() && !manager.isClosed()) {
                int current = manager.linkNumber();
                List<String> ids = batch.stream().filter(r -> r.link() == current).map(Released::id).toList();
                try {
                    if (!ids.isEmpty()) {
                        manager.releaseNow(ids);
                    }
                } catch (ManagerException e) {
                    if (!manager.isClosed()) {
                        // the server cannot be reached now: try again later (if the session ended meanwhile, they are dropped then)
                        pending.addAll(batch);
                        try {
                            Thread.sleep(1000);
                        } catch (InterruptedException interrupted) {
                            return;
                        }
                    }
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
