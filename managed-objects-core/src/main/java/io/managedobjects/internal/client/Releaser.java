package io.managedobjects.internal.client;

import io.managedobjects.ManagerConnectionException;
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
public final class Releaser {

    /** What a releaser sends releases to: a manager's current session. */
    public interface Target {

        /** @return whether the manager is closed (nothing is sent then) */
        boolean isClosed();

        /** @return the number of the manager's current session */
        int linkNumber();

        /**
         * Sends releases now, if the session they were counted for is still the current one.
         *
         * @param ids the object ids, one per proxy released
         * @param link the number of the session they were counted for
         * @throws ManagerConnectionException if they cannot be sent now (they are sent again later)
         * @throws ManagerException if they are refused (the part is split until each id goes alone)
         */
        void releaseNow(List<String> ids, int link);
    }

    /** A released reference and the session (link number) it was counted for. */
    private record Released(int link, String id) {
    }

    private static final Released STOP = new Released(0, "");

    private final LinkedBlockingQueue<Released> pending = new LinkedBlockingQueue<>();
    private final Thread thread;

    /**
     * Starts the releaser's thread.
     *
     * @param manager where releases go
     */
    public Releaser(Target manager) {
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
    public void release(int link, String id) {
        pending.add(new Released(link, id));
    }

    private void run(Target manager) {
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
                int sent = 0;
                try {
                    while (sent < ids.size()) {
                        List<String> part = ids.subList(sent, Math.min(ids.size(), sent + PART));
                        sendPart(manager, part, current);
                        sent += part.size();
                    }
                } catch (ManagerConnectionException e) {
                    if (!manager.isClosed()) {
                        // the server cannot be reached now: the ids not sent yet go again later (dropped then if the
                        // session has ended meanwhile); those sent are never sent twice
                        for (String id : ids.subList(sent, ids.size())) {
                            pending.add(new Released(current, id));
                        }
                        try {
                            Thread.sleep(1000);
                        } catch (InterruptedException interrupted) {
                            return;
                        }
                    }
                } catch (RuntimeException e) {
                    // refused for another reason than the connection: those ids stay counted until their session
                    // ends (a leak is safe, a count taken twice is not), and this thread goes on releasing
                }
            }
            batch.clear();
            if (stop) {
                return;
            }
        }
    }

    /**
     * Sends a part of the ids; one the server refuses for another reason than a lost connection is split until
     * each id goes alone (an id it cannot release is left to its session's end).
     */
    private static void sendPart(Target manager, List<String> ids, int link) {
        if (ids.isEmpty()) {
            return;
        }
        try {
            manager.releaseNow(List.copyOf(ids), link);
        } catch (ManagerConnectionException e) {
            throw e;
        } catch (ManagerException e) {
            if (ids.size() > 1) {
                sendPart(manager, ids.subList(0, ids.size() / 2), link);
                sendPart(manager, ids.subList(ids.size() / 2, ids.size()), link);
            }
        }
    }

    /** Ids per release call: a few kilobytes. */
    private static final int PART = 256;

    /** Sends what is queued, then ends the thread. */
    public void stop() {
        pending.add(STOP);
    }
}
