package io.managedobjects.internal.server;

import io.managedobjects.internal.BuiltInType;
import java.util.Collection;
import java.util.Map;

/** Makes the hosts of the built-in shared types: an exhaustive switch over the one catalogue, {@link BuiltInType}. */
final class HostedTypes {

    private HostedTypes() {
    }

    private static int count(Object[] args) {
        if (args.length == 0 || !(args[0] instanceof Number n)) {
            throw new IllegalArgumentException("This shared type needs a count (permits, parties or capacity)");
        }
        return n.intValue();
    }

    /**
     * Makes the host of a built-in type.
     *
     * @param type the type id
     * @param args constructor arguments; a condition's lock is its {@link HostedObject}
     * @param engine the server (a pool starts its workers through it)
     * @return the host
     */
    static Host create(String type, Object[] args, ServerEngine engine) {
        BuiltInType builtIn = BuiltInType.of(type);
        if (builtIn == null) {
            throw new IllegalArgumentException("Unknown shared type '" + type + "': the server hosts " + BuiltInType.ids());
        }
        try {
            return switch (builtIn) {
                case MAP -> new MapHost(args.length == 0 ? null : (Map<?, ?>) args[0]);
                case LIST -> new ListHost(args.length == 0 ? null : (Collection<?>) args[0]);
                case SET -> new SetHost(args.length == 0 ? null : (Collection<?>) args[0]);
                case VALUE -> new ValueHost(args.length == 0 ? null : args[0]);
                case ATOMIC_LONG -> new AtomicLongHost(args.length == 0 ? 0L : ((Number) args[0]).longValue());
                case NAMESPACE -> new NamespaceHost();
                case LOCK -> new LockHost(false);
                case REENTRANT_LOCK -> new LockHost(true);
                case CONDITION -> new ConditionHost((HostedObject) args[0]);
                case SEMAPHORE -> new SemaphoreHost(count(args), false);
                case BOUNDED_SEMAPHORE -> new SemaphoreHost(count(args), true);
                case EVENT -> new EventHost();
                case BARRIER -> new BarrierHost(count(args));
                case QUEUE -> new QueueHost(args.length == 0 ? 0 : count(args));
                case LONG_ARRAY -> new NumericArrayHost(false, args[0]);
                case DOUBLE_ARRAY -> new NumericArrayHost(true, args[0]);
                case POOL -> new PoolHost(engine, args);
            };
        } catch (ClassCastException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("Wrong arguments for a shared " + type + ": " + e.getMessage());
        }
    }
}
