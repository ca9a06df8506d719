package io.managedobjects.internal;

import io.managedobjects.SharedAtomicLong;
import io.managedobjects.SharedBarrier;
import io.managedobjects.SharedCondition;
import io.managedobjects.SharedEvent;
import io.managedobjects.SharedDoubleArray;
import io.managedobjects.SharedList;
import io.managedobjects.SharedLongArray;
import io.managedobjects.SharedLock;
import io.managedobjects.SharedMap;
import io.managedobjects.SharedNamespace;
import io.managedobjects.SharedPool;
import io.managedobjects.SharedQueue;
import io.managedobjects.SharedSemaphore;
import io.managedobjects.SharedSet;
import io.managedobjects.SharedValue;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The one catalogue of built-in shared types. The client's proxies ({@code Proxies}) and the server's hosts
 * ({@code HostedTypes}) are chosen by exhaustive switches over it, so adding a type here fails the build until
 * both sides have it; registered user types may not take these ids.
 */
public enum BuiltInType {
    /** {@link SharedMap}. */
    MAP("map", SharedMap.class),
    /** {@link SharedList}. */
    LIST("list", SharedList.class),
    /** {@link SharedSet}. */
    SET("set", SharedSet.class),
    /** {@link SharedValue}. */
    VALUE("value", SharedValue.class),
    /** {@link SharedAtomicLong}. */
    ATOMIC_LONG("atomicLong", SharedAtomicLong.class),
    /** {@link SharedNamespace}. */
    NAMESPACE("namespace", SharedNamespace.class),
    /** A plain {@link SharedLock}: anyone may release it. */
    LOCK("lock", SharedLock.class),
    /** A reentrant {@link SharedLock}: owned by (session, thread). */
    REENTRANT_LOCK("reentrantLock", SharedLock.class),
    /** {@link SharedCondition}. */
    CONDITION("condition", SharedCondition.class),
    /** {@link SharedSemaphore}. */
    SEMAPHORE("semaphore", SharedSemaphore.class),
    /** A {@link SharedSemaphore} that refuses releases above its initial permits. */
    BOUNDED_SEMAPHORE("boundedSemaphore", SharedSemaphore.class),
    /** {@link SharedEvent}. */
    EVENT("event", SharedEvent.class),
    /** {@link SharedBarrier}. */
    BARRIER("barrier", SharedBarrier.class),
    /** {@link SharedQueue}. */
    QUEUE("queue", SharedQueue.class),
    /** {@link SharedLongArray}. */
    LONG_ARRAY("longArray", SharedLongArray.class),
    /** {@link SharedDoubleArray}. */
    DOUBLE_ARRAY("doubleArray", SharedDoubleArray.class),
    /** {@link SharedPool}: worker JVMs run by the server. */
    POOL("pool", SharedPool.class);

    private static final Map<String, BuiltInType> BY_ID = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(BuiltInType::id, Function.identity()));

    private final String id;
    private final Class<?> api;

    BuiltInType(String id, Class<?> api) {
        this.id = id;
        this.api = api;
    }

    /** @return the type id used on the wire and in {@code info()} */
    public String id() {
        return id;
    }

    /** @return the interface its proxies implement */
    public Class<?> api() {
        return api;
    }

    /** @return whether a client holds something of it (a lock, permits) that the server releases with the client's session */
    public boolean isHeld() {
        return this == LOCK || this == REENTRANT_LOCK || this == SEMAPHORE || this == BOUNDED_SEMAPHORE;
    }

    /**
     * The built-in type of an id.
     *
     * @param id a type id
     * @return the type, or null for a registered user type's id
     */
    public static @Nullable BuiltInType of(String id) {
        return BY_ID.get(id);
    }

    /** @return every built-in type id */
    public static List<String> ids() {
        return Arrays.stream(values()).map(BuiltInType::id).toList();
    }
}
