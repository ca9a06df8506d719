package io.managedobjects.autoconfigure.observation;

import io.managedobjects.CallEvent;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.SenderContext;
import org.jspecify.annotations.Nullable;

/**
 * The context of one call to the manager server: a client call ({@link Kind#CLIENT}) to the remote service
 * {@code managed-objects}. Nothing is propagated to the server (its calls carry no headers).
 */
public class ManagedObjectsObservationContext extends SenderContext<Object> {

    private final String type;
    private final String operation;
    private final @Nullable String objectName;
    private CallEvent.@Nullable Outcome outcome;
    private int bytesSent;
    private int bytesReceived;

    /**
     * Creates the context of a call about to be sent.
     *
     * @param type the type id of the target ({@code map}, {@code lock}, a registered type id, {@code server})
     * @param operation the remote operation, e.g. {@code put}
     * @param objectName the target's name (or id), null for the server's own operations
     */
    public ManagedObjectsObservationContext(String type, String operation, @Nullable String objectName) {
        super((carrier, key, value) -> {
        }, Kind.CLIENT);
        this.type = type;
        this.operation = operation;
        this.objectName = objectName;
        setRemoteServiceName("managed-objects");
    }

    /** @return the type id of the target */
    public String getType() {
        return type;
    }

    /** @return the remote operation */
    public String getOperation() {
        return operation;
    }

    /** @return the target's name (or id), or null for the server's own operations */
    public @Nullable String getObjectName() {
        return objectName;
    }

    /** @return how the call ended, or null while it runs */
    public CallEvent.@Nullable Outcome getOutcome() {
        return outcome;
    }

    /** @return the size of the request frame */
    public int getBytesSent() {
        return bytesSent;
    }

    /** @return the size of the reply frame (0 if none arrived) */
    public int getBytesReceived() {
        return bytesReceived;
    }

    /**
     * Records how the call ended.
     *
     * @param event the completed call
     */
    void completed(CallEvent event) {
        this.outcome = event.outcome();
        this.bytesSent = event.bytesSent();
        this.bytesReceived = event.bytesReceived();
    }
}
