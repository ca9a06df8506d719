package io.managedobjects.internal.server;

import io.managedobjects.internal.TypeRegistration;
import java.util.Collection;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Hosts an instance of a registered user class. Its remote operations are the public methods of the
 * registration's api type, called on the instance one at a time, or concurrently for a thread-safe class.
 */
final class UserHost implements Host {

    private final Object instance;
    private final TypeRegistration registration;
    private final Object monitor;

    UserHost(Object instance, TypeRegistration registration) {
        this.instance = instance;
        this.registration = registration;
        this.monitor = this;
    }

    /** Hosts an instance another hosted instance returned ({@code @SharedResult}): calls share its monitor. */
    UserHost(Object instance, TypeRegistration registration, Object monitor) {
        this.instance = instance;
        this.registration = registration;
        this.monitor = monitor;
    }

    @Override
    public Object monitor() {
        return monitor;
    }

    @Override
    public Object target() {
        return instance;
    }

    @Override
    public boolean concurrent() {
        return registration.threadSafe();
    }

    @Override
    public @Nullable Integer hostedSize() {
        if (instance instanceof Collection<?> c) {
            return c.size();
        }
        return instance instanceof Map<?, ?> m ? m.size() : null;
    }

    /** The instance's own state: a stored argument (a proxy in a field, in a list of its) keeps its object alive. */
    @Override
    public void forEachValue(java.util.function.Consumer<@Nullable Object> visitor) {
        visitor.accept(instance);
    }

    @Override
    public Map<String, Object> state() {
        return Map.of("class", registration.implementation(), "threadSafe", registration.threadSafe());
    }
}
