package io.managedobjects;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A portable reference to a hosted object: its type id, its server id and, for a named object, its name.
 * {@link #toString()} and {@link #parse(String)} round-trip, e.g. {@code shared:map/7} or
 * {@code shared:map/3/scores}.
 *
 * @param type the type id ({@code "map"}, {@code "list"}, or a registered type id)
 * @param id the server's object id
 * @param name the name of a named object, or {@code null}
 */
public record SharedRef(String type, String id, @Nullable String name) {

    private static final String PREFIX = "shared:";

    /**
     * Validates the parts.
     *
     * @param type the type id
     * @param id the object id
     * @param name the name, or {@code null}
     */
    public SharedRef {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
        if (type.isEmpty() || id.isEmpty()) {
            throw new IllegalArgumentException("A SharedRef needs a type and an id");
        }
    }

    /**
     * Parses the form produced by {@link #toString()}.
     *
     * @param text for example {@code shared:map/7/scores}
     * @return the reference
     * @throws IllegalArgumentException if the text is not a reference
     */
    public static SharedRef parse(String text) {
        if (!text.startsWith(PREFIX)) {
            throw new IllegalArgumentException("Not a SharedRef: '" + text + "' (expected shared:<type>/<id>[/<name>])");
        }
        String[] parts = text.substring(PREFIX.length()).split("/", -1);
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new IllegalArgumentException("Not a SharedRef: '" + text + "' (expected shared:<type>/<id>[/<name>])");
        }
        return new SharedRef(decode(parts[0]), decode(parts[1]), parts.length == 3 ? decode(parts[2]) : null);
    }

    @Override
    public String toString() {
        return PREFIX + encode(type) + "/" + encode(id) + (name == null ? "" : "/" + encode(name));
    }

    private static String encode(String part) {
        return URLEncoder.encode(part, StandardCharsets.UTF_8);
    }

    private static String decode(String part) {
        return URLDecoder.decode(part, StandardCharsets.UTF_8);
    }
}
