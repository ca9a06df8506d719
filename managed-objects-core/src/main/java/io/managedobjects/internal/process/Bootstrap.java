package io.managedobjects.internal.process;

import io.managedobjects.internal.ManagerSettings;
import io.managedobjects.internal.TypeRegistration;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a parent hands a child JVM (forked server or task process) through the child's stdin: the
 * address, the auth key (never on a command line), trusted packages, and for a task its class and
 * encoded arguments. The pipe then stays open: its end of file tells the child that the parent is gone.
 *
 * @param settings address, key, trusted packages, frame limit
 * @param task the task class of a task process, else null
 * @param args the encoded task arguments, else null
 */
public record Bootstrap(ManagerSettings settings, @Nullable String task, byte @Nullable [] args) {

    private static final String MAGIC = "managed-objects-bootstrap-1";

    /**
     * The bootstrap of a child JVM of a manager: the manager's settings with its address and key.
     *
     * @param manager the manager the child connects to
     * @param task the task class, or null for a spare that waits for its task
     * @param args the encoded task arguments, or null
     * @return the bootstrap
     */
    static Bootstrap forChild(ProcessParent manager, @Nullable String task, byte @Nullable [] args) {
        return new Bootstrap(manager.childSettings(), task, args);
    }

    /**
     * Writes this bootstrap.
     *
     * @param out the child's stdin
     * @throws IOException if the child is gone
     */
    public void write(DataOutputStream out) throws IOException {
        out.writeUTF(MAGIC);
        out.writeUTF(settings.address() == null ? "" : settings.address());
        byte[] key = settings.authKey();
        out.writeInt(key == null ? 0 : key.length);
        if (key != null) {
            out.write(key);
        }
        out.writeInt(settings.trustedPackages().size());
        for (String pkg : settings.trustedPackages()) {
            out.writeUTF(pkg);
        }
        out.writeInt(settings.maxFrameBytes());
        out.writeLong(settings.sessionTimeout().toMillis());
        out.writeInt(settings.connections());
        out.writeInt(settings.registrations().size());
        for (TypeRegistration registration : settings.registrations()) {
            out.writeUTF(registration.typeId());
            out.writeUTF(registration.api());
            out.writeUTF(registration.implementation());
            out.writeBoolean(registration.threadSafe());
        }
        out.writeUTF(task == null ? "" : task);
        out.writeInt(args == null ? 0 : args.length);
        if (args != null) {
            out.write(args);
        }
        out.flush();
    }

    /**
     * Reads a bootstrap.
     *
     * @param in this process's stdin
     * @return the bootstrap
     * @throws IOException if the parent sent something else or went away
     */
    public static Bootstrap read(DataInputStream in) throws IOException {
        if (!MAGIC.equals(in.readUTF())) {
            throw new IOException("stdin does not carry a managed-objects bootstrap: this main class is started by managed-objects only");
        }
        String address = in.readUTF();
        byte[] key = new byte[in.readInt()];
        in.readFully(key);
        int packages = in.readInt();
        List<String> trusted = new ArrayList<>(packages);
        for (int i = 0; i < packages; i++) {
            trusted.add(in.readUTF());
        }
        int maxFrameBytes = in.readInt();
        java.time.Duration sessionTimeout = java.time.Duration.ofMillis(in.readLong());
        int connections = in.readInt();
        int count = in.readInt();
        List<TypeRegistration> registrations = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            registrations.add(new TypeRegistration(in.readUTF(), in.readUTF(), in.readUTF(), in.readBoolean()));
        }
        String task = in.readUTF();
        byte[] args = new byte[in.readInt()];
        in.readFully(args);
        return new Bootstrap(new ManagerSettings(address.isEmpty() ? null : address, key, List.copyOf(trusted), maxFrameBytes,
                List.copyOf(registrations), sessionTimeout, connections, null, List.of()),
                task.isEmpty() ? null : task, args.length == 0 ? null : args);
    }

    /**
     * Reads the bootstrap of a child JVM (a task process, a pool worker) from this process's stdin, then halts
     * this process as soon as its parent is gone.
     *
     * @return the bootstrap
     * @throws IOException if the parent sent something else or went away
     */
    static Bootstrap readWatchingParent() throws IOException {
        Bootstrap bootstrap = read(new DataInputStream(System.in));
        ParentWatch.start(() -> Runtime.getRuntime().halt(1));
        return bootstrap;
    }

    @Override
    public String toString() {
        return "Bootstrap[" + settings + ", task=" + task + "]";
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
