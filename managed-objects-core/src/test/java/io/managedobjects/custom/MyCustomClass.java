package io.managedobjects.custom;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** The classic tutorial's custom class: not thread-safe, hosted by the manager. */
public class MyCustomClass {

    private final int data;
    private final List<List<Object>> storage = new ArrayList<>();

    public MyCustomClass(int data) {
        this.data = data;
    }

    /** Sleeps up to one second, stores (data, value, data*value) and returns the product. */
    public double task() throws InterruptedException {
        double value = ThreadLocalRandom.current().nextDouble();
        Thread.sleep((long) (value * 1000));
        double result = data * value;
        storage.add(List.of(data, value, result));
        return result;
    }

    public List<List<Object>> getStorage() {
        return storage;
    }
}
