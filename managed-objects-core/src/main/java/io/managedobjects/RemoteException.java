package io.managedobjects;

import org.jspecify.annotations.Nullable;

/**
 * Hosted code threw an exception whose type cannot be rebuilt in this process. Carries the remote
 * class name and message; its stack trace is the server-side one.
 *
 * <p>Exceptions that can be rebuilt come back as their own type, with a {@code RemoteException}
 * holding the server-side stack trace attached as a suppressed exception.
 */
public class RemoteException extends ManagerException {

    private static final long serialVersionUID = 1L;

    private final String remoteClassName;

    /**
     * Creates an exception.
     *
     * @param remoteClassName the class of the exception thrown on the server
     * @param remoteMessage its message, if it had one
     */
    public RemoteException(String remoteClassName, @Nullable String remoteMessage) {
        super(remoteClassName + (remoteMessage == null ? "" : ": " + remoteMessage));
        this.remoteClassName = remoteClassName;
    }

    /**
     * The class of the exception thrown on the server.
     *
     * @return a fully qualified class name
     */
    public String remoteClassName() {
        return remoteClassName;
    }
}
