package io.managedobjects.internal.process;

import io.managedobjects.ManagedProcess;
import io.managedobjects.ManagerException;
import io.managedobjects.ProcessTask;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A child JVM running a {@link ProcessTask}: the parent's classpath and JVM options, the manager's
 * address and key through its stdin, its output copied into the parent's.
 */
public final class ManagedProcessImpl implements ManagedProcess {

    /** Running children, held so that their arguments stay alive even when the caller drops the handle. */
    private static final java.util.Set<ManagedProcessImpl> RUNNING = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final ProcessParent manager;
    private final Class<? extends ProcessTask> task;
    /** Held until the child exits, so that the shared objects passed to it stay alive while it attaches. */
    private final Object[] args;
    private final byte[] encodedArgs;
    private @Nullable Process process;
    private JavaLauncher.@Nullable Launch launch;
    private @Nullable OutputStream stdin;
    private @Nullable Thread outPump;
    private @Nullable Thread errPump;

    /**
     * Prepares a child process.
     *
     * @param manager the manager the child connects to
     * @param task the task class
     * @param args the arguments, kept referenced while the child runs
     * @param encodedArgs the arguments as encoded for the child
     */
    public ManagedProcessImpl(ProcessParent manager, Class<? extends ProcessTask> task, Object[] args, byte[] encodedArgs) {
        this.manager = manager;
        this.task = task;
        this.args = args.clone();
        this.encodedArgs = encodedArgs;
    }

    @Override
    public synchronized ManagedProcess start() {
        if (process != null) {
            throw new IllegalStateException("This process was already started");
        }
        Bootstrap bootstrap = Bootstrap.forChild(manager, task.getName(), encodedArgs);
        SpareChild spares = manager.spareChild();
        SpareChild.Ready spare = spares.take();
        if (spare != null) {
            // its output is drained before it is handed the task: a spare that filled its pipes while waiting
            // must not block the write
            attach(spare.process(), spare.launch());
            try {
                bootstrap.write(spare.stdin()); // its second bootstrap: the task
                stdin = spare.stdin();
                spares.replenish();
                return this;
            } catch (IOException e) {
                // died while waiting (its output, if any, is above): start one the usual way
                RUNNING.remove(this);
                spare.launch().kill(spare.process());
            }
        }
        JavaLauncher.Launch fresh = JavaLauncher.launch(JavaLauncher.childJvmArgs(manager), ChildMain.class.getName(), true);
        Process child;
        try {
            child = fresh.start(builder -> builder);
        } catch (IOException e) {
            throw new ManagerException("Cannot start a child JVM for " + task.getName() + ": " + e.getMessage(), e);
        }
        attach(child, fresh);
        DataOutputStream out = new DataOutputStream(child.getOutputStream());
        try {
            bootstrap.write(out);
        } catch (IOException e) {
            fresh.kill(child);
            throw new ManagerException("The child JVM for " + task.getName() + " died at start (its error output is above)", e);
        }
        stdin = out;
        spares.replenish();
        return this;
    }

    /** Makes {@code child} this handle's process, and copies its output. */
    private void attach(Process child, JavaLauncher.Launch childLaunch) {
        process = child;
        launch = childLaunch;
        RUNNING.add(this);
        child.onExit().thenRun(() -> RUNNING.remove(this));
        outPump = OutputPump.start(child.getInputStream(), manager.processOutput(), System.out, task.getName(), child.pid(), false);
        errPump = OutputPump.start(child.getErrorStream(), manager.processOutput(), System.err, task.getName(), child.pid(), true);
    }

    private Process started() {
        Process p = process;
        if (p == null) {
            throw new IllegalStateException("The process has not been started: call start()");
        }
        return p;
    }

    @Override
    public int join() throws InterruptedException {
        int code = started().waitFor();
        finish();
        return code;
    }

    @Override
    public boolean join(Duration timeout) throws InterruptedException {
        boolean exited = started().waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (exited) {
            finish();
        }
        return exited;
    }

    private void finish() throws InterruptedException {
        Thread out = outPump;
        Thread err = errPump;
        if (out != null) {
            out.join(5000);
        }
        if (err != null) {
            err.join(5000);
        }
        try {
            OutputStream in = stdin;
            if (in != null) {
                in.close();
            }
        } catch (IOException e) {
            // the child is gone
        }
    }

    @Override
    public boolean isAlive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    @Override
    public long pid() {
        return started().pid();
    }

    @Override
    public OptionalInt exitCode() {
        Process p = process;
        return p == null || p.isAlive() ? OptionalInt.empty() : OptionalInt.of(p.exitValue());
    }

    @Override
    public void kill() {
        Process p = process;
        JavaLauncher.Launch l = launch;
        if (p != null && l != null) {
            l.kill(p);
        }
    }

    @Override
    public String toString() {
        Process p = process;
        return "ManagedProcess[" + task.getName() + (p == null ? ", not started" : ", pid " + p.pid()
                + (p.isAlive() ? ", running" : ", exit code " + p.exitValue())) + ", " + args.length + " args]";
    }
}
