package io.managedobjects;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One hosted object as seen in {@link ManagerInfo}. Never holds the object's contents.
 *
 * @param id the object id, equal to the proxies' {@link SharedObject#sharedId()}
 * @param name its name, or {@code null} for an anonymous object
 * @param type its type id ({@code "map"}, {@code "list"}, or a registered type id)
 * @param refCount references held by proxies (named objects live on whatever this count is)
 * @param size the number of elements where that is meaningful, else {@code null}
 * @param createdAt when it was created
 * @param calls the number of calls served on it
 * @param state type-specific state: a lock's {@code locked}, {@code owner} and {@code waiters}, a
 *     semaphore's {@code permits}, a queue's {@code unfinishedTasks}, ...; empty for plain collections
 */
public record ObjectInfo(String id, @Nullable String name, String type, long refCount, @Nullable Integer size,
        Instant createdAt, long calls, Map<String, Object> state) {

    /**
     * Copies the state.
     *
     * @param id the object id
     * @param name its name, or null
     * @param type its type id
     * @param refCount references held by proxies
     * @param size its size, or null
     * @param createdAt when it was created
     * @param calls calls served
     * @param state type-specific state
     */
    public ObjectInfo {
        state = Map.copyOf(state);
    }
}
