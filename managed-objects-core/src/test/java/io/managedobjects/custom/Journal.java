package io.managedobjects.custom;

import io.managedobjects.ManagedObject;
import io.managedobjects.SharedResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Thread-safe, so its methods run concurrently with each other and with calls on the collections it
 * shares: a synchronized list (its compound actions lock it, as the JDK asks), a concurrent map, and a
 * plain list that must not be shared.
 */
@ManagedObject(value = "journal", threadSafe = true)
public class Journal {

    private final List<String> entries = Collections.synchronizedList(new ArrayList<>());
    private final ConcurrentHashMap<String, Integer> counts = new ConcurrentHashMap<>();
    private final List<String> unguarded = new ArrayList<>();
    private final CountDownLatch letGo = new CountDownLatch(1);
    private final AtomicBoolean stop = new AtomicBoolean();
    private volatile boolean holding;

    @SharedResult
    public List<String> entries() {
        return entries;
    }

    @SharedResult
    public Map<String, Integer> counts() {
        return counts;
    }

    @SharedResult
    public List<String> unguarded() {
        return unguarded;
    }

    /** Appends two entries as one compound action: nobody may see one without the other. */
    public boolean appendPair(String first, String second) throws InterruptedException {
        synchronized (entries) {
            entries.add(first);
            holding = true;
            boolean released = letGo.await(60, TimeUnit.SECONDS);
            entries.add(second);
            return released;
        }
    }

    public void append(String entry) {
        entries.add(entry);
    }

    public boolean holding() {
        return holding;
    }

    public void letGo() {
        letGo.countDown();
    }

    /** Increments a count until {@link #stop()}, returning how many increments it made. */
    public int incrementUntilStopped(String key) {
        int increments = 0;
        while (!stop.get()) {
            counts.merge(key, 1, Integer::sum);
            increments++;
            Thread.yield();
        }
        return increments;
    }

    public void stop() {
        stop.set(true);
    }
}
