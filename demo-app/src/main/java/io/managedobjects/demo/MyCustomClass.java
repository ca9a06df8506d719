package io.managedobjects.demo;

import io.managedobjects.ManagedObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The custom class of the classic tutorial, hosted by the manager server: every process calls the one
 * instance, one call at a time.
 */
@ManagedObject
public class MyCustomClass {

    private final int data;
    private final List<List<Object>> storage = new ArrayList<>();

    /**
     * Creates the instance (on the server).
     *
     * @param data the factor of every task
     */
    public MyCustomClass(int data) {
        this.data = data;
    }

    /**
     * Sleeps up to a second, stores {@code (data, value, data * value)} and returns the product.
     *
     * @return the product
     * @throws InterruptedException if interrupted while sleeping
     */
    public double task() throws InterruptedException {
        double value = ThreadLocalRandom.current().nextDouble();
        Thread.sleep((long) (value * 1000));
        double result = data * value;
        storage.add(List.of(data, value, result));
        return result;
    }

    /**
     * The stored tuples.
     *
     * @return a copy of the storage
     */
    public List<List<Object>> getStorage() {
        return storage;
    }
}
