package io.managedobjects.internal.server;

import java.util.Collection;
import java.util.Map;
import java.util.function.Function;

/** The factories of the built-in shared types, by type id. */
final class HostedTypes {

    private static final Map<String, Function<Object[], Host>> FACTORIES = Map.of(
            "map", args -> new MapHost(args.length == 0 ? null : (Map<?, ?>) args[0]),
            "list", args -> new ListHost(args.length == 0 ? null : (Collection<?>) args[0]),
            "set", args -> new SetHost(args.length == 0 ? null : (Collection<?>) args[0]),
            "value", args -> new ValueHost(args.length == 0 ? null : args[0]),
            "atomicLong", args -> new AtomicLongHost(args.length == 0 ? 0L : ((Number) args[0]).longValue()),
            "namespace", args -> new NamespaceHost());

    private HostedTypes() {
    }

    static Host create(String type, Object[] args) {
        Function<Object[], Host> factory = FACTORIES.get(type);
        if (factory == null) {
            throw new IllegalArgumentException("Unknown shared type '" + type + "': the server hosts " + FACTORIES.keySet());
        }
        try {
            return factory.apply(args);
        } catch (ClassCastException e) {
            throw new IllegalArgumentException("Wrong initial contents for a shared " + type + ": " + e.getMessage());
        }
    }
}
