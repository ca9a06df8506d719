package io.managedobjects.redis;

import io.lettuce.core.RedisURI;
import io.managedobjects.internal.backend.Backends;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed Redis address: Lettuce's {@link RedisURI} of it, and this backend's own query parameter
 * {@code prefix} (the prefix of every key, default {@code mo:}), which Lettuce does not see.
 *
 * @param uri the address for Lettuce
 * @param prefix the key prefix
 * @param timeoutGiven whether the address sets Lettuce's command timeout ({@code timeout=})
 */
record RedisAddress(RedisURI uri, String prefix, boolean timeoutGiven) {

    /** The key prefix when the address names none. */
    static final String DEFAULT_PREFIX = "mo:";

    private static final String FORMS = "expected redis://[[user]:password@]host[:port][/database][?prefix=app:], rediss://… for "
            + "TLS, or redis-socket:///path/to/redis.sock";

    /**
     * Parses an address.
     *
     * @param address the address
     * @return the parsed address
     * @throws IllegalArgumentException naming what is wrong and the expected forms
     */
    static RedisAddress parse(String address) {
        String prefix = DEFAULT_PREFIX;
        boolean timeoutGiven = false;
        String lettuce = address;
        int query = address.indexOf('?');
        if (query >= 0) {
            List<String> kept = new ArrayList<>();
            for (String parameter : address.substring(query + 1).split("&")) {
                if (parameter.startsWith("prefix=")) {
                    prefix = URLDecoder.decode(parameter.substring("prefix=".length()), StandardCharsets.UTF_8);
                    if (prefix.isEmpty() || prefix.contains("{") || prefix.contains("}")) {
                        throw new IllegalArgumentException("Malformed Redis address '" + Backends.redacted(address)
                                + "': the prefix must be non-empty text without braces (" + FORMS + ")");
                    }
                } else if (!parameter.isEmpty()) {
                    timeoutGiven |= parameter.startsWith("timeout=");
                    kept.add(parameter);
                }
            }
            lettuce = address.substring(0, query) + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
        }
        try {
            RedisURI uri = RedisURI.create(lettuce);
            if (uri.getSocket() == null && (uri.getHost() == null || uri.getHost().isEmpty())) {
                throw new IllegalArgumentException("the host is missing");
            }
            return new RedisAddress(uri, prefix, timeoutGiven);
        } catch (RuntimeException e) {
            // Lettuce's message may quote the address: never its password
            String reason = String.valueOf(e.getMessage()).replace(lettuce, Backends.redacted(lettuce))
                    .replace(address, Backends.redacted(address));
            throw new IllegalArgumentException("Malformed Redis address '" + Backends.redacted(address) + "' (" + reason + "): "
                    + FORMS);
        }
    }
}
