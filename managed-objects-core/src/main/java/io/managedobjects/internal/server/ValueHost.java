package io.managedobjects.internal.server;

import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** The hosted side of {@code SharedValue}: one value; compare-and-set compares with {@code equals}. */
final class ValueHost implements Host {

    private @Nullable Object value;

    /**
     * Creates a value.
     *
     * @param initial the initial value
     */
    public ValueHost(@Nullable Object initial) {
        this.value = initial;
    }

    @Override
    public void forEachValue(Consumer<@Nullable Object> visitor) {
        visitor.accept(value);
    }

    public @Nullable Object get() {
        return value;
    }

    public void set(@Nullable Object newValue) {
        value = newValue;
    }

    public @Nullable Object getAndSet(@Nullable Object newValue) {
        Object old = value;
        value = newValue;
        return old;
    }

    public boolean compareAndSet(@Nullable Object expect, @Nullable Object update) {
        if (!Objects.deepEquals(value, expect)) {
            return false;
        }
        value = update;
        return true;
    }

    public String text() {
        return String.valueOf(value);
    }
}
