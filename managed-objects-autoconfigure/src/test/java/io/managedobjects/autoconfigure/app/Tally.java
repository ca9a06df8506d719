package io.managedobjects.autoconfigure.app;

import io.managedobjects.ManagedObject;

/** A @ManagedObject of the test application: hosted by the server, injected as a proxy. */
@ManagedObject
public class Tally {

    private long count;

    public long add(long n) {
        count += n;
        return count;
    }

    public long count() {
        return count;
    }
}
