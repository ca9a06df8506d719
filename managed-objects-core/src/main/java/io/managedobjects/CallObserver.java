package io.managedobjects;

/**
 * Observes every call a manager sends to its server, for metrics ({@link ManagerBuilder#callObserver}).
 * It is called on the calling thread after each call: keep it cheap and never let it throw.
 */
@FunctionalInterface
public interface CallObserver {

    /**
     * One call has completed.
     *
     * @param event what was called, how long it took, how it ended
     */
    void onCall(CallEvent event);
}
