package io.managedobjects.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.managedobjects.DisallowedTypeException;
import io.managedobjects.UnreadableValueException;
import io.managedobjects.fixtures.Animal;
import io.managedobjects.fixtures.Dog;
import io.managedobjects.fixtures.Envelope;
import io.managedobjects.fixtures.Fields;
import io.managedobjects.fixtures.Money;
import io.managedobjects.fixtures.Node;
import io.managedobjects.fixtures.Note;
import io.managedobjects.fixtures.Point;
import io.managedobjects.fixtures.Tags;
import io.managedobjects.fixtures.TypeHolder;
import io.managedobjects.fixtures.Unbuildable;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonGenerator;
import tools.jackson.dataformat.cbor.CBORMapper;

/** Instances of ordinary classes of trusted packages cross the boundary as themselves. */
class PlainClassValuesTest {

    static final RefResolver NO_REFS = ValueCodecTest.NO_REFS;

    final WireCodec trusting = new WireCodec(new TypePolicy(List.of("io.managedobjects.fixtures"), getClass().getClassLoader()));
    final WireCodec strict = new WireCodec(new TypePolicy(List.of(), getClass().getClassLoader()));

    private @Nullable Object roundTrip(@Nullable Object value) {
        return trusting.decodeResponse(trusting.encodeResult(7, value, NO_REFS), NO_REFS).value();
    }

    private static Note note(String text) {
        Note note = new Note(text);
        note.setStars(4);
        note.getTags().addAll(List.of("a", "b"));
        note.setCached("changed");
        return note;
    }

    @Test
    void javaBeansComeBackWithTheirStateButNotTheirTransientFields() {
        Note back = (Note) roundTrip(note("hello"));
        assertThat(back).isEqualTo(note("hello"));
        assertThat(back.getTags()).containsExactly("a", "b");
        assertThat(back.getCached()).isEqualTo("not sent");
    }

    @Test
    void classesWithPublicFieldsComeBack() {
        Fields fields = new Fields();
        fields.id = 42L;
        fields.label = "x";
        fields.extra = new LinkedHashMap<>(Map.of("n", note("in a map")));
        assertThat(roundTrip(fields)).isExactlyInstanceOf(Fields.class).isEqualTo(fields);
    }

    @Test
    void immutableClassesAreRebuiltThroughTheirConstructor() {
        Money money = new Money(new BigDecimal("12.50"), Currency.getInstance("CHF"));
        assertThat(roundTrip(money)).isEqualTo(money);
        Point point = new Point(3, 4);
        Point back = (Point) roundTrip(point);
        assertThat(back.x()).isEqualTo(4);
        assertThat(back.y()).isEqualTo(3);
        assertThat(back).isEqualTo(point);
    }

    @Test
    void subclassesKeepTheStateOfTheirBaseClassesEvenWhenAFieldNameRepeats() {
        Dog dog = new Dog("Rex", true, "Rexy");
        Dog back = (Dog) roundTrip(dog);
        assertThat(back.name()).isEqualTo("Rex");
        assertThat(back.nickname()).isEqualTo("Rexy");
        assertThat(back.goodBoy()).isTrue();
    }

    @Test
    void recordsCollectionsAndMapsOfPlainClassesComeBack() {
        Map<String, Animal> pets = new LinkedHashMap<>();
        pets.put("rex", new Dog("Rex", false, null));
        Envelope envelope = new Envelope(note("one"), List.of(note("two"), note("three")), pets,
                Optional.of(new Money(BigDecimal.ONE, Currency.getInstance("EUR"))));
        Object back = roundTrip(List.of(envelope, Set.of(note("four"))));
        assertThat(back).isEqualTo(List.of(envelope, Set.of(note("four"))));
        assertThat(((Envelope) ((List<?>) back).get(0)).pets().get("rex")).isExactlyInstanceOf(Dog.class);
    }

    @Test
    void aListClassOfATrustedPackageComesBackAsItself() {
        Tags tags = new Tags();
        tags.add("x");
        assertThat(roundTrip(tags)).isExactlyInstanceOf(Tags.class).isEqualTo(List.of("x"));
    }

    @Test
    void aClassThatCannotBeRebuiltIsRefusedWhenSentWithWhatToAdd() {
        assertThatThrownBy(() -> trusting.encodeRequest(1, "1", "put", new Object[] {"k", new Unbuildable(1, 2)}, NO_REFS))
                .isInstanceOf(DisallowedTypeException.class)
                .hasMessageContaining(Unbuildable.class.getName())
                .hasMessageContaining("no-arg constructor")
                .hasMessageContaining("record")
                .satisfies(e -> assertThat(((DisallowedTypeException) e).typeName()).isEqualTo(Unbuildable.class.getName()));
    }

    class Inner {
        String value = "inner";
    }

    @Test
    void innerAnonymousAndLocalClassesAreRefusedWhenSent() {
        WireCodec codec = new WireCodec(new TypePolicy(List.of("io.managedobjects"), getClass().getClassLoader()));
        assertThatThrownBy(() -> codec.encodeResult(1, new Inner(), NO_REFS)).isInstanceOf(DisallowedTypeException.class)
                .hasMessageContaining("inner class").hasMessageContaining("static");
        Object anonymous = new Object() {
            @Override
            public String toString() {
                return "anonymous";
            }
        };
        assertThatThrownBy(() -> codec.encodeResult(1, anonymous, NO_REFS)).isInstanceOf(DisallowedTypeException.class)
                .hasMessageContaining("anonymous");
    }

    @Test
    void aPlainClassOfAnUntrustedPackageIsRefusedOnBothSides() {
        assertThatThrownBy(() -> strict.encodeResult(1, note("x"), NO_REFS)).isInstanceOf(DisallowedTypeException.class)
                .hasMessageContaining(Note.class.getName()).hasMessageContaining("trustedPackages(\"io.managedobjects.fixtures\")");
        byte[] encoded = trusting.encodeResult(1, note("x"), NO_REFS);
        assertThatThrownBy(() -> strict.decodeResponse(encoded, NO_REFS)).isInstanceOf(DisallowedTypeException.class)
                .hasMessageContaining(Note.class.getName());
    }

    @Test
    void aClassPropertyIsRefusedAndNeverResolvedFromTheWire() {
        TypeHolder holder = new TypeHolder();
        holder.type = Thread.class;
        assertThatThrownBy(() -> trusting.encodeResult(1, holder, NO_REFS)).isInstanceOf(DisallowedTypeException.class)
                .hasMessageContaining("java.lang.Class");
        // a forged payload naming a class in the Class-typed field: refused before any lookup
        byte[] forged = forge(out -> {
            out.writeNumber(16);
            out.writeString(TypeHolder.class.getName());
            out.writeString("type");
            out.writeStartArray();
            out.writeNumber(10);
            out.writeString("java.lang.Class");
            out.writeString("io.managedobjects.untrusted.Gadget");
            out.writeEndArray();
        });
        assertThatThrownBy(() -> trusting.decodeResponse(forged, NO_REFS)).isInstanceOf(DisallowedTypeException.class)
                .hasMessageContaining("java.lang.Class");
        byte[] mismatched = forge(out -> {
            out.writeNumber(16);
            out.writeString(TypeHolder.class.getName());
            out.writeString("type");
            out.writeString("io.managedobjects.untrusted.Gadget");
        });
        assertThatThrownBy(() -> trusting.decodeResponse(mismatched, NO_REFS)).isInstanceOf(UnreadableValueException.class)
                .hasMessageContaining("java.lang.Class").hasMessageContaining("java.lang.String");
    }

    @Test
    void aFieldTheReceiverDoesNotHaveIsAClearErrorNotASilentLoss() {
        byte[] forged = forge(out -> {
            out.writeNumber(16);
            out.writeString(Note.class.getName());
            out.writeString("title");
            out.writeString("x");
        });
        assertThatThrownBy(() -> trusting.decodeResponse(forged, NO_REFS)).isInstanceOf(UnreadableValueException.class)
                .hasMessageContaining("no field 'title'");
    }

    @Test
    void aCycleOfObjectsIsRefusedWhenSent() {
        Node a = new Node();
        Node b = new Node();
        a.next = b;
        b.next = a;
        assertThatThrownBy(() -> trusting.encodeResult(1, a, NO_REFS)).isInstanceOf(DisallowedTypeException.class)
                .hasMessageContaining("deeper than");
    }

    @Test
    void aValueNestedToTheDepthLimitStillCrossesInARequestAResponseAndAlone() throws Exception {
        Object nested = "leaf";
        for (int i = 1; i < ValueCodec.MAX_DEPTH; i++) {
            nested = new ArrayList<>(List.of(nested));
        }
        Object value = nested;
        // on a thread with the JVM's default stack, as the server's connection threads have
        Object[] decoded = new Object[3];
        Thread thread = new Thread(null, () -> {
            decoded[0] = trusting.decodeResponse(trusting.encodeResult(1, value, NO_REFS), NO_REFS).value();
            decoded[1] = trusting.decodeRequest(trusting.encodeRequest(1, "1-x", "set", new Object[] {value}, NO_REFS), NO_REFS).args()[0];
            decoded[2] = trusting.decodeValue(trusting.encodeValue(value, NO_REFS), NO_REFS);
        }, "deep", 0);
        thread.start();
        thread.join();
        assertThat(decoded).containsOnly(value);
    }

    @Test
    void deeplyNestedInputIsRefusedBeforeItCostsTheStack() {
        byte[] forged = forge(out -> {
            out.writeNumber(11);
            out.writeString(ArrayList.class.getName());
            for (int i = 0; i < 5_000; i++) {
                out.writeStartArray();
                out.writeNumber(11);
                out.writeString(ArrayList.class.getName());
            }
            for (int i = 0; i < 5_000; i++) {
                out.writeEndArray();
            }
        });
        assertThatThrownBy(() -> trusting.decodeResponse(forged, NO_REFS)).isInstanceOf(UnreadableValueException.class);
    }

    @Test
    void manyKeysSharingOneHashCodeAreRefusedInsteadOfCostingQuadraticTime() {
        Set<List<Integer>> colliding = new HashSet<>();
        for (int i = 0; i < 3_000; i++) {
            colliding.add(List.of(i, -31 * i));   // every such list hashes to 961
        }
        byte[] encoded = trusting.encodeResult(1, colliding, NO_REFS);
        assertThatThrownBy(() -> trusting.decodeResponse(encoded, NO_REFS)).isInstanceOf(UnreadableValueException.class)
                .hasMessageContaining("share the hash code");
        Set<String> strings = new HashSet<>();
        for (int i = 0; i < 3_000; i++) {
            strings.add("key" + i);
        }
        assertThat(roundTrip(strings)).isEqualTo(strings);
    }

    @Test
    void internalExceptionTypesCrossTheWireAsTheirPublicSuperclass() {
        ErrorInfo info = ErrorInfo.of(new MalformedInputException("bad"));
        assertThat(info.className()).isEqualTo(UnreadableValueException.class.getName());
        assertThat(trusting.policy().isRebuildableException(MalformedInputException.class.getName())).isFalse();
    }

    @FunctionalInterface
    interface Body {
        void write(JsonGenerator out);
    }

    /** A result payload whose value is the tagged array the body writes. */
    private static byte[] forge(Body body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CBORMapper unconstrained = CBORMapper.builder(tools.jackson.dataformat.cbor.CBORFactory.builder()
                .streamWriteConstraints(tools.jackson.core.StreamWriteConstraints.builder().maxNestingDepth(100_000).build())
                .build()).build();
        try (JsonGenerator out = unconstrained.createGenerator(bytes)) {
            out.writeStartArray();
            out.writeNumber(7);
            out.writeNumber(0);
            out.writeStartArray();
            body.write(out);
            out.writeEndArray();
            out.writeEndArray();
        }
        return bytes.toByteArray();
    }
}
