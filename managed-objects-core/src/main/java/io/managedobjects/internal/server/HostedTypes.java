package io.managedobjects.internal.server;

import java.util.Collection;
import java.util.Map;
import java.util.function.Function;

/** The factories of the built-in shared types, by type id. */
final class HostedTypes {

    private static final Map<String, Function<Object[], Host>> FACTORIES = Map.ofEntries(
            Map.entry("map", args -> new MapHost(args.length == 0 ? null : (Map<?, ?>) args[0])),
            Map.entry("list", args -> new ListHost(args.length == 0 ? null : (Collection<?>) args[0])),
            Map.entry("set", args -> new SetHost(args.length == 0 ? null : (Collection<?>) args[0])),
            Map.entry("value", args -> new ValueHost(args.length == 0 ? null : args[0])),
            Map.entry("atomicLong", args -> new AtomicLongHost(args.length == 0 ? 0L : ((Number) args[0]).longValue())),
            Map.entry("namespace", args -> new NamespaceHost()),
            Map.entry("lock", args -> new LockHost(false)),
            Map.entry("reentrantLock", args -> new LockHost(true)),
            Map.entry("condition", args -> new ConditionHost((HostedObject) args[0])),
            Map.entry("semaphore", args -> new SemaphoreHost(count(args), false)),
            Map.entry("boundedSemaphore", args -> new SemaphoreHost(count(args), true)),
            Map.entry("event", args -> new EventHost()),
            Map.entry("barrier", args -> new BarrierHost(count(args))),
            Map.entry("queue", args -> new QueueHost(args.length == 0 ? 0 : count(args))));

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
     * @return the host
     */
    static Host create(String type, Object[] args) {
        Function<Object[], Host> factory = FACTORIES.get(type);
        if (factory == null) {
            throw new IllegalArgumentException("Unknown shared type '" + type + "': the server hosts " + FACTORIES.keySet());
        }
        try {
            return factory.apply(args);
        } catch (ClassCastException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("Wrong arguments for a shared " + type + ": " + e.getMessage());
        }
    }
}
