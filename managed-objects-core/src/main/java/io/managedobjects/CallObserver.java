package io.managedobjects;

import org.jspecify.annotations.Nullable;

/**
 * Observes every call a manager sends to its server, for metrics and traces ({@link ManagerBuilder#callObserver}).
 * It is called on the calling thread: {@link #callStarted} just before the request is sent, and the
 * completion it returns (by default {@link #onCall}) once the call ended, however it ended. Keep it cheap
 * and never let it throw.
 */
@FunctionalInterface
public interface CallObserver {

    /**
     * One call has completed.
     *
     * @param event what was called, how long it took, how it ended
     */
    void onCall(CallEvent event);

    /**
     * A call is about to be sent, on the calling thread; what is returned is told when it ends, on the same
     * thread. Override it to wrap the call, e.g. in a tracing span or a Micrometer {@code Observation}.
     *
     * @param type the type id of the target, as {@link CallEvent#type()}
     * @param operation the remote operation, as {@link CallEvent#operation()}
     * @param objectName the name of a named target, else its id ({@code null} for the server's own operations):
     *     a value of high cardinality, never fit for a metric tag
     * @return what to tell when the call ended; by default {@link #onCall}
     */
    default Completion callStarted(String type, String operation, @Nullable String objectName) {
        return this::onCall;
    }

    /** The end of one call, as returned by {@link #callStarted}. */
    @FunctionalInterface
    interface Completion {

        /**
         * The call has ended.
         *
         * @param event what was called, how long it took, how it ended
         */
        void completed(CallEvent event);
    }
}
