package io.managedobjects.internal.process;

import java.io.DataOutputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The child JVM a manager keeps ready for its next {@code process(...)}: started in the background after a child
 * starts, it connects to the manager's server and then waits on its stdin for its task. The next child then starts
 * with a pipe write instead of a JVM's start-up and handshake, as a forked Python process does; the one started
 * after it becomes the new spare. A manager that never starts a child never has one; closing the manager ends it
 * (its stdin closes, it disconnects and exits). Off with {@code -Dmanagedobjects.spareProcess=false}; a manager
 * whose spares die before they are taken stops starting them.
 */
public final class SpareChild {

    /** The system property that turns spares off ({@code false}). */
    public static final String ENABLED = "managedobjects.spareProcess";

    /** After this many spares died before they were taken, the manager starts no more (they would only die again). */
    private static final int MAX_LOST = 2;

    private final ProcessParent manager;
    private @Nullable Ready spare;
    private boolean starting;
    private boolean closed;
    private int lost;

    /** A started child JVM, connected or connecting, waiting for its task on {@code stdin}. */
    record Ready(JavaLauncher.Launch launch, Process process, DataOutputStream stdin) {
    }

    /**
     * Creates the (empty) spare slot of a manager.
     *
     * @param manager the manager whose children it serves
     */
    public SpareChild(ProcessParent manager) {
        this.manager = manager;
    }

    /**
     * Takes the spare, if there is a live one.
     *
     * @return the spare, or null: start a child JVM the usual way
     */
    @Nullable Ready take() {
        Ready ready;
        synchronized (this) {
            ready = spare;
            spare = null;
            if (ready == null) {
                return null;
            }
            if (!ready.process().isAlive()) {
                lost++;
                return null;
            }
        }
        if (!enabled()) {
            dismiss(ready); // turned off since it started
            return null;
        }
        return ready;
    }

    private static boolean enabled() {
        return !"false".equalsIgnoreCase(System.getProperty(ENABLED, "true"));
    }

    /** Starts a spare in the background, unless there is one, one is starting, or spares are off. */
    void replenish() {
        synchronized (this) {
            if (closed || spare != null || starting || lost >= MAX_LOST || !enabled()) {
                return;
            }
            starting = true;
        }
        Thread thread = new Thread(() -> {
            Ready ready = null;
            try {
                ready = start();
            } finally {
                boolean keep;
                synchronized (this) {
                    starting = false;
                    keep = !closed && ready != null;
                    if (keep) {
                        spare = ready;
                    }
                }
                if (!keep && ready != null) {
                    dismiss(ready);
                }
            }
        }, "managed-objects-spare-child");
        thread.setDaemon(true);
        thread.start();
    }

    private @Nullable Ready start() {
        JavaLauncher.Launch launch = JavaLauncher.launch(JavaLauncher.childJvmArgs(manager), ChildMain.class.getName(), true);
        Process process = null;
        try {
            process = launch.start(builder -> builder);
            DataOutputStream stdin = new DataOutputStream(process.getOutputStream());
            // no task yet: the child connects, then reads a second bootstrap carrying its task
            Bootstrap.forChild(manager, null, null).write(stdin);
            return new Ready(launch, process, stdin);
        } catch (IOException | RuntimeException e) {
            if (process != null) {
                launch.kill(process);
            }
            return null; // the next child starts the usual way, and reports what goes wrong
        }
    }

    /** Ends the spare, if any: the manager is closing. */
    public void close() {
        Ready ready;
        synchronized (this) {
            closed = true;
            ready = spare;
            spare = null;
        }
        if (ready != null) {
            dismiss(ready);
        }
    }

    /**
     * Closes a spare's stdin (it disconnects and exits), and kills it if it has not exited within ten seconds; the
     * wait is in the background, so that closing a manager does not wait for a spare still starting.
     */
    static void dismiss(Ready ready) {
        try {
            ready.stdin().close();
        } catch (IOException e) {
            // gone already
        }
        ready.process().onExit().orTimeout(10, TimeUnit.SECONDS).whenComplete((exited, timeout) -> {
            if (timeout != null) {
                ready.launch().kill(ready.process());
            }
        });
    }
}
