package io.managedobjects.redis;

import io.managedobjects.CallObserver;
import io.managedobjects.Manager;
import io.managedobjects.ProcessOutput;
import io.managedobjects.internal.ManagerSettings;
import io.managedobjects.internal.backend.ManagerBackend;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The Redis backend, found by {@code ServiceLoader} when this module is on the classpath: it serves the addresses
 * {@code redis://[[user]:password@]host[:port][/database]}, {@code rediss://…} (TLS) and
 * {@code redis-socket:///path/to/redis.sock}; the query parameter {@code prefix} (default {@code mo:}) sets the prefix
 * of every key it writes. Applications do not use this class; they give such an address to
 * {@code Manager.builder().address(...)}.
 */
public final class RedisBackend implements ManagerBackend {

    /** Creates the backend (for {@code ServiceLoader}). */
    public RedisBackend() {
    }

    @Override
    public Set<String> schemes() {
        return Set.of("redis", "rediss", "redis-socket");
    }

    @Override
    public void validate(String address) {
        RedisAddress.parse(address);
    }

    @Override
    public Manager connect(ManagerSettings settings, @Nullable CallObserver observer, @Nullable ProcessOutput output) {
        String address = Objects.requireNonNull(settings.address());
        return RedisManager.connect(RedisAddress.parse(address), address, settings, observer, output);
    }
}
