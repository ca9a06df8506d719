package io.managedobjects.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.managedobjects.DisallowedTypeException;
import io.managedobjects.SharedRef;
import io.managedobjects.UnreadableValueException;
import io.managedobjects.fixtures.Ledger;
import java.util.HashMap;
import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * A receiver that only takes a map argument's entries (a bulk put) may have it read into a map of its own
 * instead of the class the sender named: only that top-level argument, guarded as a hash table is.
 */
class RequestArgumentMapsTest {

    private final WireCodec sender = new WireCodec(new TypePolicy(List.of("io.managedobjects.fixtures"), getClass().getClassLoader()));
    private final WireCodec receiver = new WireCodec(new TypePolicy(List.of(), getClass().getClassLoader()));

    /** Offers a map of its own for the arguments of one operation, as the server does for a hosted map's putAll. */
    private static final class Offering implements RefResolver {
        private final String offeredFor;
        private String method = "";
        private final List<Map<@Nullable Object, @Nullable Object>> offered = new java.util.ArrayList<>();

        Offering(String offeredFor) {
            this.offeredFor = offeredFor;
        }

        @Override
        public @Nullable SharedRef toRef(Object value) {
            return null;
        }

        @Override
        public Object fromRef(SharedRef ref) {
            return ref;
        }

        @Override
        public RefResolver forRequest(String target, String method) {
            this.method = method;
            return this;
        }

        @Override
        public @Nullable Map<@Nullable Object, @Nullable Object> argumentMap() {
            if (!method.equals(offeredFor)) {
                return null;
            }
            Offered map = new Offered();
            offered.add(map);
            return map;
        }
    }

    /** A map of the receiver's own that is no HashMap: the codec cannot tell it is a hash table. */
    private static final class Offered extends AbstractMap<@Nullable Object, @Nullable Object> {
        private final Map<@Nullable Object, @Nullable Object> entries = new LinkedHashMap<>();

        @Override
        public @Nullable Object put(@Nullable Object key, @Nullable Object value) {
            return entries.put(key, value);
        }

        @Override
        public Set<Map.Entry<@Nullable Object, @Nullable Object>> entrySet() {
            return entries.entrySet();
        }
    }

    private Object[] decode(Offering refs, String method, Object... args) {
        return receiver.decodeRequest(sender.encodeRequest(1, "1-x", method, args, refs), refs).args();
    }

    @Test
    void aTopLevelMapArgumentIsReadIntoTheOfferedMapInTheSendersOrder() {
        Map<String, Object> entries = new LinkedHashMap<>();
        entries.put("b", 2);
        entries.put("a", new TreeMap<>(Map.of("nested", 1)));
        Offering refs = new Offering("putAll");
        Object[] args = decode(refs, "putAll", entries, "after");
        assertThat(args[0]).isSameAs(refs.offered.get(0));
        assertThat(new java.util.ArrayList<Object>(((Map<?, ?>) args[0]).keySet())).containsExactly("b", "a");
        assertThat(((Map<?, ?>) args[0]).get("a")).as("a map nested in the argument keeps its class").isInstanceOf(TreeMap.class);
        assertThat(args[1]).isEqualTo("after");
        assertThat(refs.offered).hasSize(1);
    }

    @Test
    void otherOperationsReadTheClassTheSenderNamed() {
        Offering refs = new Offering("putAll");
        Object[] args = decode(refs, "put", new TreeMap<>(Map.of("k", 1)));
        assertThat(args[0]).isInstanceOf(TreeMap.class);
        assertThat(refs.offered).isEmpty();
    }

    @Test
    void theSendersMapClassIsNeitherNeededNorLoadedWhenAMapIsOffered() {
        Ledger ledger = new Ledger();
        ledger.put("rent", 700);
        assertThatThrownBy(() -> decode(new Offering("none"), "putAll", ledger)).as("the receiver does not trust the class")
                .isInstanceOf(DisallowedTypeException.class);
        assertThat(decode(new Offering("putAll"), "putAll", ledger)[0]).isEqualTo(Map.of("rent", 700));
    }

    @Test
    void anOfferedMapIsGuardedAgainstKeysSharingOneHashCodeAsAHashMapIs() {
        Map<List<Integer>, Integer> colliding = new HashMap<>();
        for (int i = 0; i < 3_000; i++) {
            colliding.put(List.of(i, -31 * i), i); // every such list hashes to 961
        }
        assertThatThrownBy(() -> decode(new Offering("putAll"), "putAll", colliding)).isInstanceOf(UnreadableValueException.class)
                .hasMessageContaining("share the hash code");
    }
}
