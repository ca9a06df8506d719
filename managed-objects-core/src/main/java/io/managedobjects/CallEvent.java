package io.managedobjects;

import java.time.Duration;

/**
 * One completed call, as seen by a {@link CallObserver}. Its fields have low cardinality, fit for
 * metric tags: a type id and an operation name, never an object id or a value.
 *
 * @param type the type id of the target ({@code map}, {@code lock}, a registered type id) or
 *     {@code server} for the server's own operations (create, info, release...)
 * @param operation the remote operation, e.g. {@code put} or {@code take}
 * @param duration the time from sending the request to reading the reply (waiting included)
 * @param outcome how the call ended
 * @param bytesSent the size of the request frame
 * @param bytesReceived the size of the reply frame (0 if none arrived)
 */
public record CallEvent(String type, String operation, Duration duration, Outcome outcome, int bytesSent, int bytesReceived) {

    /** How a call ended. */
    public enum Outcome {
        /** The operation returned. */
        SUCCESS,
        /** The operation threw (the exception came back to the caller). */
        ERROR,
        /** The connection failed: the server is unreachable or died. */
        DISCONNECTED
    }
}
