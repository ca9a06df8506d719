package io.managedobjects.custom;

import io.managedobjects.SharedMap;
import java.util.ArrayList;
import java.util.List;

/** A hosted class that keeps the shared maps it is given and reads them later. */
public class Keeper {

    private final List<SharedMap<String, Integer>> kept = new ArrayList<>();

    public void keep(SharedMap<String, Integer> map) {
        kept.add(map);
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
}
