package io.managedobjects.internal.process;

import java.io.File;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import org.jspecify.annotations.Nullable;

/**
 * Watches a started JVM's stdin until end of file, which comes when the parent exits or is killed, and exits the
 * JVM the same way whatever it is: the server, a task process or a pool worker.
 *
 * <p>The watch reads through a {@link FileChannel} so that {@link #exit} can take it out of its blocking read
 * first. The JVM's exit waits up to 300 ms for every thread blocked in a native call, and a plain
 * {@code System.in.read()} is one: that wait was half of a short child process's life.
 */
final class ParentWatch {

    private static @Nullable FileChannel stdin;
    private static volatile boolean exiting;

    private ParentWatch() {
    }

    /**
     * Starts watching stdin, after the bootstrap was read from it.
     *
     * @param onParentGone what to do at end of file (not when {@link #exit} stops the watch)
     */
    static synchronized void start(Runnable onParentGone) {
        FileChannel channel = new FileInputStream(FileDescriptor.in).getChannel();
        stdin = channel;
        Thread watcher = new Thread(() -> {
            ByteBuffer buffer = ByteBuffer.allocate(64);
            try {
                while (channel.read(buffer) >= 0) {
                    buffer.clear(); // the parent writes nothing more; read until the pipe closes
                }
            } catch (ClosedChannelException e) {
                if (exiting) {
                    return; // stopped by exit(): this process is exiting anyway
                }
                // closed by an interrupt: the watch cannot go on, so act as if the parent were gone
            } catch (IOException e) {
                // a broken pipe means the parent is gone too
            }
            onParentGone.run();
        }, "managed-objects-parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    /**
     * Flushes the output, stops the watch, and exits.
     *
     * @param status the exit status
     */
    static void exit(int status) {
        System.out.flush();
        System.err.flush();
        exiting = true;
        FileChannel channel;
        synchronized (ParentWatch.class) {
            channel = stdin;
        }
        // on Windows closing waits for the blocked read to end (no signal breaks it): there the exit waits instead
        if (channel != null && File.separatorChar != '\\') {
            try {
                channel.close(); // signals the watcher out of its read
            } catch (IOException e) {
                // exiting anyway
            }
        }
        System.exit(status);
    }
}
