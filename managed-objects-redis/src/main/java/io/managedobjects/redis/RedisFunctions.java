package io.managedobjects.redis;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.managedobjects.ManagerConnectionException;
import io.managedobjects.internal.backend.Backends;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * The library of Redis functions every operation runs as ({@code managed-objects.lua}), loaded once into Redis
 * under a name that carries a hash of its text: clients of different versions each call their own, and a new
 * version never changes what an older client runs. One call is one {@code FCALL}.
 */
final class RedisFunctions {

    private static final String RAW = raw();
    /** The first 12 hex digits of the library text's SHA-256. */
    static final String VERSION = version(RAW);
    private static final String SOURCE = RAW.replace("@VERSION@", VERSION);
    private static final String LIBRARY = "managedobjects_" + VERSION;
    static final String FUNCTION = "mo_" + VERSION;
    /** The same function, flagged to run above Redis's maxmemory: for what frees memory or keeps sessions. */
    private static final String FUNCTION_ALLOWING_OOM = FUNCTION + "_oom";
    private static final java.util.Set<String> ALLOWING_OOM = java.util.Set.of("release", "close", "reap", "collect", "session", "qAck", "uFail");
    /**
     * The operations whose effect must not repeat when Lettuce sends a command again after a reconnection (a release
     * applied twice would add permits): each call carries a token of its own, and Redis keeps its reply for a minute,
     * answering a repeat with it. The library's {@code once_ops} names the same.
     */
    static final java.util.Set<String> ONCE = java.util.Set.of("lockTry", "lockCancel", "unlock", "semTry", "semCancel",
            "semRelease", "semDrain", "condAwait", "condTry", "condLeave", "condSignal", "barAwait", "barTry", "barLeave",
            "barTripped", "barReset", "barAbort", "uCall", "uReply", "uFail");
    private static final java.util.concurrent.atomic.AtomicLong TOKENS = new java.util.concurrent.atomic.AtomicLong();
    /** Refusals that pass: Redis is loading, busy with a long script, or failing over. */
    private static final List<String> TRANSIENT = List.of("LOADING", "BUSY", "TRYAGAIN", "MASTERDOWN", "CLUSTERDOWN");

    private final StatefulRedisConnection<byte[], byte[]> connection;
    private final byte[][] keys;
    private final String address;

    /**
     * Binds the library to a connection, loading it into Redis if Redis does not have it yet.
     *
     * @param connection the connection
     * @param prefix the prefix of every key
     * @param address the address, for messages
     */
    RedisFunctions(StatefulRedisConnection<byte[], byte[]> connection, String prefix, String address) {
        this.connection = connection;
        this.keys = new byte[][] {prefix.getBytes(StandardCharsets.UTF_8)};
        this.address = Backends.redacted(address);
        load();
    }

    /**
     * Runs an operation.
     *
     * @param operation the operation's name in the library
     * @param session the caller's session
     * @param id the object, or empty for the manager's own operations
     * @param args the arguments: byte arrays as they are, anything else as its text
     * @return the operation's result: null, a {@code Long}, a {@code byte[]} or a list of these
     * @throws RedisCommandExecutionException if the operation refused (its message names why)
     * @throws ManagerConnectionException if Redis cannot be reached
     */
    @Nullable Object call(String operation, String session, String id, Object... args) {
        byte[][] values = values(operation, session, id, args);
        String function = ALLOWING_OOM.contains(operation) ? FUNCTION_ALLOWING_OOM : FUNCTION;
        try {
            return fcall(function, values);
        } catch (RedisCommandExecutionException e) {
            if (!String.valueOf(e.getMessage()).contains("Function not found")) {
                throw e;
            }
            load();   // Redis lost its functions (restarted without persistence, or FUNCTION FLUSH): load them again
            return fcall(function, values);
        }
    }

    /**
     * Runs one FCALL and waits for its reply without giving in to interrupts: a call that reached Redis has its effect
     * there (an item taken, a count changed), so its reply is always read; an interrupt that came meanwhile is kept
     * for the caller.
     */
    private @Nullable Object fcall(String function, byte[][] values) {
        RedisFuture<List<Object>> reply;
        try {
            reply = connection.async().fcall(function, ScriptOutputType.MULTI, keys, values);
        } catch (RedisException e) {
            throw unreachable(e);
        }
        return unwrap(await(reply));
    }

    /**
     * Waits for a reply without giving in to interrupts (an interrupt that came meanwhile is kept for the caller).
     *
     * @param reply the reply to come
     * @param <T> its type
     * @return the reply
     * @throws ManagerConnectionException if Redis cannot be reached
     * @throws RedisCommandExecutionException if Redis refused the command
     */
    <T> T await(java.util.concurrent.Future<T> reply) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return reply.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw failed(e.getCause() == null ? e : e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private RuntimeException failed(Throwable cause) {
        if (cause instanceof RedisCommandExecutionException refused) {
            String message = String.valueOf(refused.getMessage());
            if (TRANSIENT.stream().anyMatch(message::startsWith)) {
                return new ManagerConnectionException("Redis at " + address + " cannot serve calls now (" + message
                        + "): it is loading its data, running a long script, or failing over; try again", refused);
            }
            return refused;
        }
        if (cause instanceof RuntimeException runtime) {
            return unreachable(runtime);
        }
        return unreachable(new RedisException(cause));
    }

    /**
     * The exception a call fails with when Redis cannot be reached.
     *
     * @param e what Lettuce threw
     * @return the exception to throw
     */
    ManagerConnectionException unreachable(RuntimeException e) {
        return new ManagerConnectionException("Redis at " + address + " cannot be reached (" + e.getMessage()
                + "): is it running, and is the address right? Calls fail until it answers again", e);
    }

    static byte[][] values(String operation, String session, String id, Object... args) {
        int first = ONCE.contains(operation) ? 4 : 3;
        byte[][] values = new byte[args.length + first][];
        values[0] = bytes(operation);
        values[1] = bytes(session);
        values[2] = bytes(id);
        if (first == 4) {
            values[3] = bytes(Long.toHexString(TOKENS.incrementAndGet()));   // unique in this JVM, whose sessions are its own
        }
        for (int i = 0; i < args.length; i++) {
            values[i + first] = args[i] instanceof byte[] raw ? raw : bytes(String.valueOf(args[i]));
        }
        return values;
    }

    private static @Nullable Object unwrap(@Nullable List<Object> reply) {
        return reply == null || reply.isEmpty() ? null : reply.get(0);
    }

    private RedisCommands<byte[], byte[]> commands() {
        return connection.sync();
    }

    private void load() {
        try {
            List<Object> present = commands().functionList(LIBRARY).stream().map(Object.class::cast).toList();
            if (present.isEmpty()) {
                try {
                    commands().functionLoad(SOURCE);
                } catch (RedisCommandExecutionException e) {
                    if (!String.valueOf(e.getMessage()).contains("already exists")) {   // another client loaded it meanwhile
                        throw new IllegalStateException("Redis at " + address + " refused the managed-objects functions ("
                                + e.getMessage() + "): this backend needs Redis 7 or later, with FUNCTION allowed for this user", e);
                    }
                }
            }
        } catch (RedisCommandExecutionException e) {
            throw new IllegalStateException("Redis at " + address + " cannot run functions (" + e.getMessage()
                    + "): this backend needs Redis 7 or later, with FUNCTION and FCALL allowed for this user", e);
        } catch (RedisException e) {
            throw unreachable(e);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String raw() {
        try (InputStream in = Objects.requireNonNull(RedisFunctions.class.getResourceAsStream("managed-objects.lua"),
                "managed-objects.lua is missing from the managed-objects-redis jar")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("managed-objects.lua cannot be read from the managed-objects-redis jar", e);
        }
    }

    private static String version(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
