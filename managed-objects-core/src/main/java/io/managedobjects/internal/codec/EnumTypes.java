package io.managedobjects.internal.codec;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The enum class of an {@link EnumSet} or {@link EnumMap}, which the JDK keeps private. A non-empty
 * one tells it through its elements; an empty one only through its serialized form, which names the
 * class: that form is written to nowhere and its class descriptors watched (nothing is ever read).
 */
final class EnumTypes {

    private EnumTypes() {
    }

    static Class<?> elementType(EnumSet<?> set) {
        if (!set.isEmpty()) {
            return set.iterator().next().getDeclaringClass();
        }
        EnumSet<?> all = EnumSet.complementOf(set);
        return all.isEmpty() ? fromSerializedForm(set) : all.iterator().next().getDeclaringClass();
    }

    static Class<?> keyType(EnumMap<?, ?> map) {
        for (Map.Entry<? extends Enum<?>, ?> entry : map.entrySet()) {
            return entry.getKey().getDeclaringClass();
        }
        return fromSerializedForm(map);
    }

    private static Class<?> fromSerializedForm(Object container) {
        try (Watcher watcher = new Watcher()) {
            watcher.writeObject(container);
            watcher.flush();
            if (watcher.found != null) {
                return watcher.found;
            }
        } catch (IOException e) {
            // falls through to the refusal
        }
        throw new IllegalStateException("Cannot tell the enum class of an empty " + container.getClass().getSimpleName());
    }

    /** Writes a serialized form to nowhere, remembering the first enum class it describes. */
    private static final class Watcher extends ObjectOutputStream {
        private @Nullable Class<?> found;

        Watcher() throws IOException {
            super(OutputStream.nullOutputStream());
        }

        @Override
        protected void annotateClass(Class<?> type) {
            if (found == null && type.isEnum()) {
                found = type;
            }
        }
    }
}
