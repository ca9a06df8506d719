package io.managedobjects.internal.server;

import io.managedobjects.internal.codec.WireCodec;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * One client manager's references, shared by all of its connections (one per calling thread). When
 * its last connection closes, everything it held is released.
 */
final class Session {

    final String id;
    final ConcurrentHashMap<HostedObject, Integer> held = new ConcurrentHashMap<>();
    int connections;
    /**
     * Encodes replies with the allow-list both sides share, once the client manager said what it trusts
     * ({@code ServerOps.announce}); until then, with the server's own.
     */
    volatile @Nullable WireCodec codec;
    /** When a frame of this session last arrived (a call or a heartbeat), in {@link System#nanoTime()}. */
    volatile long lastSeen = System.nanoTime();
    /** The largest frame the client manager reads. */
    volatile int maxFrameBytes = Integer.MAX_VALUE;

    Session(String id) {
        this.id = id;
    }
}
