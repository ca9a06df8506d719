package io.managedobjects.custom;

import io.managedobjects.SharedMap;
import io.managedobjects.SharedQueue;
import io.managedobjects.SharedResult;
import java.util.ArrayList;
import java.util.List;

/** A hosted class that keeps the shared maps it is given and reads them later. */
public class Keeper {

    private final List<SharedMap<String, Integer>> kept = new ArrayList<>();

    public void keep(SharedMap<String, Integer> map) {
        kept.add(map);
    }

    /** Keeps every map of a plain list: nested references arrive as proxies too. */
    public void keepAll(List<SharedMap<String, Integer>> maps) {
        kept.addAll(maps);
    }

    /** Adds to every kept map: the calls run on the server, on the kept maps themselves. */
    public void addToAll(String key, int amount) {
        for (SharedMap<String, Integer> map : kept) {
            map.merge(key, amount, Integer::sum);
        }
    }

    public int total() {
        int total = 0;
        for (SharedMap<String, Integer> map : kept) {
            for (int value : map.values()) {
                total += value;
            }
        }
        return total;
    }

    public SharedMap<String, Integer> first() {
        return kept.get(0);
    }

    public void forget() {
        kept.clear();
    }

    /** Removes a key from the first kept map, on the server. */
    public Integer removeFromFirst(String key) {
        return kept.get(0).remove(key);
    }

    /** Polls a queue on the server. */
    public Object pollFrom(SharedQueue<Object> queue) {
        return queue.poll();
    }

    /** Takes from a queue: refused inside the server, as it may wait. */
    public Object takeFrom(SharedQueue<Object> queue) throws InterruptedException {
        return queue.take();
    }

    private final List<Object> shelf = new ArrayList<>();

    /** A live list of this object's own state: what callers add there is kept by this object. */
    @SharedResult
    public List<Object> shelf() {
        return shelf;
    }

    public int shelfSize() {
        return shelf.size();
    }
}
