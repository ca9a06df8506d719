package io.managedobjects.redis;

/** A registered class of the tests on Redis: returns what it is given. */
public class Echo {

    /**
     * Returns its argument.
     *
     * @param value any value
     * @return the same value (a copy, as it crossed Redis twice)
     */
    public Object echo(Object value) {
        return value;
    }
}
