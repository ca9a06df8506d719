package io.managedobjects.custom;

import java.util.List;

/** An interface registered with its implementation: proxies are JDK dynamic proxies. */
public interface Inventory {

    int add(String item, int quantity);

    int add(String item);

    int take(String item, int quantity) throws OutOfStockException;

    int count(String item);

    List<String> items();

    /** A live view of the item names, hosted by the server. */
    List<String> liveNames();

    default String describe() {
        return "inventory of " + items();
    }
}
