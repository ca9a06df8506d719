package io.managedobjects;

import java.util.concurrent.locks.Condition;

/**
 * A condition hosted by the manager server, bound to a {@link SharedLock}: Python's {@code Condition}
 * and the JDK's {@link Condition}. The caller must hold the lock to await or signal; {@code await}
 * releases it while waiting and reacquires it before returning, also after a timeout or an interrupt.
 * A waiter whose process dies never consumes a signal.
 */
public interface SharedCondition extends Condition, SharedObject {

    /**
     * The lock this condition is bound to.
     *
     * @return the lock
     */
    SharedLock lock();
}
