package io.managedobjects.internal.process;

import io.managedobjects.ProcessTask;
import io.managedobjects.internal.client.ClientManager;
import io.managedobjects.internal.client.ClientManagers;
import java.util.List;
import java.util.Objects;

/**
 * The main class of a child JVM started by {@code Manager.process(...)}: connects to the manager,
 * rebuilds the arguments (shared objects become live proxies), runs the task, and exits 0, or 1 with
 * the task's stack trace on stderr. Exits at once when the parent process is gone.
 */
public final class ChildMain {

    private ChildMain() {
    }

    /**
     * Runs the task.
     *
     * @param ignored unused: everything comes through stdin
     */
    public static void main(String[] ignored) {
        int status;
        try {
            Bootstrap bootstrap = Bootstrap.readWatchingParent();
            ClientManager manager = ClientManagers.connectChild(bootstrap.settings());
            Object[] args = new Object[0];
            if (bootstrap.args() != null) {
                List<?> decoded = (List<?>) manager.codec().decodeResponse(bootstrap.args(), manager.attachingRefs()).value();
                args = Objects.requireNonNull(decoded).toArray();
            }
            Class<?> type = Class.forName(Objects.requireNonNull(bootstrap.task()), true, ChildMain.class.getClassLoader());
            ProcessTask task = (ProcessTask) type.getConstructor().newInstance();
            task.run(args);
            manager.close();
            status = 0;
        } catch (Throwable t) {
            t.printStackTrace();
            status = 1;
        }
        ParentWatch.exit(status);
    }
}
