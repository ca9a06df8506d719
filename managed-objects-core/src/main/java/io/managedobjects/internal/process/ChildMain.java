package io.managedobjects.internal.process;

import io.managedobjects.ProcessTask;
import io.managedobjects.internal.client.ClientManagers;
import java.io.DataInputStream;
import java.io.EOFException;
import java.util.List;
import java.util.Objects;

/**
 * The main class of a child JVM started by {@code Manager.process(...)}: connects to the manager,
 * rebuilds the arguments (shared objects become live proxies), runs the task, and exits 0, or 1 with
 * the task's stack trace on stderr. Exits at once when the parent process is gone. A spare ({@link SpareChild})
 * connects before its task comes.
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
            DataInputStream stdin = new DataInputStream(System.in);
            Bootstrap bootstrap = Bootstrap.read(stdin);
            boolean spare = bootstrap.task() == null;
            if (!spare) {
                ParentWatch.start(() -> Runtime.getRuntime().halt(1));
            }
            InheritedManager manager = ClientManagers.connectChild(bootstrap.settings());
            if (spare) {
                // a spare (SpareChild): connected ahead, it waits for its task; end of file means it is not needed
                try {
                    manager.warmUp(); // a first call (encoding, decoding) while nobody waits for this JVM
                } catch (RuntimeException e) {
                    // only a warm-up: the task's own calls report what is wrong
                }
                try {
                    bootstrap = Bootstrap.read(stdin);
                } catch (EOFException e) {
                    manager.close();
                    ParentWatch.exit(0);
                    return;
                }
                ParentWatch.start(() -> Runtime.getRuntime().halt(1));
            }
            try {
                Object[] args = new Object[0];
                if (bootstrap.args() != null) {
                    args = manager.decodeArgs(bootstrap.args());
                }
                Class<?> type = Class.forName(Objects.requireNonNull(bootstrap.task()), true, ChildMain.class.getClassLoader());
                ProcessTask task = (ProcessTask) type.getConstructor().newInstance();
                task.run(args);
            } finally {
                manager.close();   // a failed task's session ends now too, not when its lease runs out
            }
            status = 0;
        } catch (Throwable t) {
            t.printStackTrace();
            status = 1;
        }
        ParentWatch.exit(status);
    }
}
