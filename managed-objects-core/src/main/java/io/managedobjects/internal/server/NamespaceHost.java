package io.managedobjects.internal.server;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** The hosted side of {@code SharedNamespace}: attributes by name, in the order first set. */
final class NamespaceHost implements Host {

    private final LinkedHashMap<String, @Nullable Object> attributes = new LinkedHashMap<>();

    /** Creates an empty namespace. */
    public NamespaceHost() {
    }

    @Override
    public Integer hostedSize() {
        return attributes.size();
    }

    @Override
    public void forEachValue(Consumer<@Nullable Object> visitor) {
        visitor.accept(attributes);
    }

    public @Nullable Object get(String attr) {
        return attributes.get(attr);
    }

    public void set(String attr, @Nullable Object value) {
        attributes.put(attr, value);
    }

    public void remove(String attr) {
        attributes.remove(attr);
    }

    public boolean has(String attr) {
        return attributes.containsKey(attr);
    }

    public LinkedHashMap<String, @Nullable Object> attributes() {
        return new LinkedHashMap<>(attributes);
    }

    public String text() {
        StringJoiner text = new StringJoiner(", ", "Namespace(", ")");
        for (Map.Entry<String, @Nullable Object> entry : attributes.entrySet()) {
            text.add(entry.getKey() + "=" + entry.getValue());
        }
        return text.toString();
    }
}
