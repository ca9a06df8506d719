package io.managedobjects.autoconfigure.app;

import io.managedobjects.Shared;
import io.managedobjects.SharedAtomicLong;
import io.managedobjects.SharedBarrier;
import io.managedobjects.SharedDoubleArray;
import io.managedobjects.SharedLock;
import io.managedobjects.SharedLongArray;
import io.managedobjects.SharedMap;
import io.managedobjects.SharedQueue;
import io.managedobjects.SharedSemaphore;
import org.springframework.beans.factory.annotation.Autowired;

/** A bean of the test application with shared objects injected in every way Spring supports. */
public class TallyUser {

    public final SharedMap<String, Integer> scores;
    public final Tally tally;

    @Autowired
    public SharedAtomicLong hits;

    @Shared("jobs")
    @Autowired
    public SharedLock lock;

    @Shared(value = "plain-lock", reentrant = false)
    @Autowired
    public SharedLock plainLock;

    @Shared(value = "slots", permits = 3)
    @Autowired
    public SharedSemaphore slots;

    @Shared(value = "gate", parties = 2)
    @Autowired
    public SharedBarrier gate;

    @Shared(value = "work", capacity = 5)
    @Autowired
    public SharedQueue<String> work;

    @Shared(length = 8)
    @Autowired
    public SharedLongArray counts;

    @Shared(value = "weights", length = 3)
    @Autowired
    public SharedDoubleArray weights;

    public SharedMap<String, Integer> viaSetter;

    public TallyUser(SharedMap<String, Integer> scores, Tally tally) {
        this.scores = scores;
        this.tally = tally;
    }

    @Autowired
    public void setOther(@Shared("scores") SharedMap<String, Integer> other) {
        this.viaSetter = other;
    }
}
