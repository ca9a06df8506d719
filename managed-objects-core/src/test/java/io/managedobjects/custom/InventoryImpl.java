package io.managedobjects.custom;

import io.managedobjects.SharedResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The hosted implementation of {@link Inventory}. */
public class InventoryImpl implements Inventory {

    private final Map<String, Integer> stock = new LinkedHashMap<>();
    private final List<String> names = new ArrayList<>();

    public InventoryImpl() {
    }

    public InventoryImpl(Map<String, Integer> initial) {
        initial.forEach(this::add);
    }

    @Override
    public int add(String item, int quantity) {
        if (quantity <= 0) {
            throw new IllegalArgumentException("quantity must be positive: " + quantity);
        }
        if (!stock.containsKey(item)) {
            names.add(item);
        }
        return stock.merge(item, quantity, Integer::sum);
    }

    @Override
    public int add(String item) {
        return add(item, 1);
    }

    @Override
    public int take(String item, int quantity) throws OutOfStockException {
        int have = stock.getOrDefault(item, 0);
        if (have < quantity) {
            throw new OutOfStockException("only " + have + " " + item + " left");
        }
        stock.put(item, have - quantity);
        return have - quantity;
    }

    @Override
    public int count(String item) {
        return stock.getOrDefault(item, 0);
    }

    @Override
    public List<String> items() {
        return new ArrayList<>(stock.keySet());
    }

    @Override
    @SharedResult
    public List<String> liveNames() {
        return names;
    }

    @Override
    public String toString() {
        return "Inventory" + stock;
    }
}
