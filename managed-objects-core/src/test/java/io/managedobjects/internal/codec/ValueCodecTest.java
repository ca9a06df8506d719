package io.managedobjects.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.managedobjects.DisallowedTypeException;
import io.managedobjects.fixtures.NoRefs;
import io.managedobjects.fixtures.Person;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ValueCodecTest {

    enum Color { RED, GREEN }

    static final RefResolver NO_REFS = NoRefs.INSTANCE;

    final WireCodec trusting = new WireCodec(new TypePolicy(List.of("io.managedobjects"), getClass().getClassLoader()));
    final WireCodec strict = new WireCodec(new TypePolicy(List.of(), getClass().getClassLoader()));

    private @Nullable Object roundTrip(WireCodec codec, @Nullable Object value) {
        return codec.decodeResponse(codec.encodeResult(7, value, NO_REFS), NO_REFS).value();
    }

    static Stream<Object> values() {
        return Stream.of("text", 42, 4.5, true, false, 42L, (short) 7, (byte) -3, 1.5f, 'c',
                new BigInteger("123456789012345678901234567890"), new BigDecimal("1.2345678901234567890"),
                UUID.randomUUID(), URI.create("https://example.org/x"), Instant.parse("2026-01-02T03:04:05.123Z"),
                Duration.ofMillis(1500), LocalDate.of(2026, 11, 22), ZoneId.of("Europe/Paris"), DayOfWeek.MONDAY,
                TimeUnit.SECONDS, Color.GREEN, Optional.of(3L), Optional.empty(),
                new ArrayList<>(List.of(1, "two", 3.0)), new LinkedList<>(List.of(1L, 2L)), new ArrayDeque<>(List.of("a")),
                new LinkedHashSet<>(List.of("z", "a")), new TreeSet<>(Set.of(3, 1, 2)),
                new HashMap<>(Map.of("k", List.of(1, 2))), new TreeMap<>(Map.of("b", 2, "a", 1)),
                new Person("Ann", 30, List.of("x")), Map.of(1L, new Person("Bob", 4, List.of())),
                new java.util.Date(1_700_000_000_123L), new java.sql.Timestamp(1_700_000_000_123L),
                java.sql.Timestamp.from(Instant.parse("2026-01-02T03:04:05.123456789Z")), new java.sql.Date(1_700_000_000_000L),
                new java.sql.Time(3_600_000L), java.util.Locale.CANADA_FRENCH, java.util.Locale.ROOT, java.util.Currency.getInstance("EUR"),
                java.time.Period.of(1, 2, 3), java.time.LocalTime.of(23, 59, 1), java.time.OffsetTime.parse("10:15:30+01:00"),
                java.time.ZoneOffset.ofHours(-3), java.time.Year.of(2026), java.time.YearMonth.of(2026, 2),
                java.time.MonthDay.of(2, 29), java.time.LocalDateTime.of(2026, 1, 2, 3, 4), java.time.OffsetDateTime.parse("2026-01-02T03:04:05+02:00"),
                java.time.ZonedDateTime.parse("2026-01-02T03:04:05+01:00[Europe/Paris]"),
                java.util.BitSet.valueOf(new long[] {0b1011L, -1L}), new java.util.AbstractMap.SimpleEntry<>("k", 1L),
                new java.util.AbstractMap.SimpleImmutableEntry<>(2, List.of("v")), Map.entry("key", Optional.of('x')),
                java.util.EnumSet.of(Color.RED), java.util.EnumSet.noneOf(DayOfWeek.class), java.util.EnumSet.allOf(TimeUnit.class),
                new java.util.EnumMap<>(Map.of(Color.GREEN, List.of(1))), new java.util.EnumMap<>(TimeUnit.class),
                new BigInteger("9".repeat(20_000)), new BigDecimal(new BigInteger("7".repeat(5_000)), -12345));
    }

    @ParameterizedTest
    @MethodSource("values")
    @SuppressWarnings("unchecked")
    void valuesComeBackEqualAndWithTheirConcreteType(Object value) {
        Object back = roundTrip(trusting, value);
        if (value instanceof ArrayDeque<?> deque) {
            assertThat(back).isInstanceOf(ArrayDeque.class);
            assertThat(new ArrayList<>((ArrayDeque<?>) back)).isEqualTo(new ArrayList<>(deque));
            return;
        }
        assertThat(back).isEqualTo(value);
        if (value instanceof Map.Entry<?, ?> && value.getClass().getName().equals("java.util.KeyValueHolder")) {
            assertThat(back.getClass().getName()).isEqualTo("java.util.KeyValueHolder");
        } else if (value instanceof java.util.EnumSet<?> || value instanceof java.util.EnumMap<?, ?>) {
            assertThat(back).isInstanceOf(value instanceof java.util.EnumSet<?> ? java.util.EnumSet.class : java.util.EnumMap.class);
            assertThat(back).isEqualTo(value);
            if (back instanceof java.util.EnumSet<?> set) {
                // the element type came back too: the complement is taken over the same enum
                assertThat(java.util.EnumSet.complementOf(set)).isEqualTo(java.util.EnumSet.complementOf((java.util.EnumSet<?>) value));
            } else {
                assertThatThrownBy(() -> ((Map<Object, Object>) back).put(DayOfWeek.MONDAY.equals(value) ? Color.RED : java.time.Month.MAY, 1)).isInstanceOf(ClassCastException.class);
            }
        } else if (!(value instanceof Map<?, ?> && !(value instanceof HashMap<?, ?> || value instanceof TreeMap<?, ?>))) {
            assertThat(back).isExactlyInstanceOf(value.getClass());
        }
    }

    @Test
    void nullAndArraysRoundTrip() {
        assertThat(roundTrip(strict, null)).isNull();
        assertThat((int[]) roundTrip(strict, new int[] {1, 2, 3})).containsExactly(1, 2, 3);
        assertThat((String[]) roundTrip(strict, new String[] {"a", null})).containsExactly("a", null);
        assertThat((byte[]) roundTrip(strict, new byte[] {1, -1})).containsExactly(1, -1);
        assertThat((long[][]) roundTrip(strict, new long[][] {{1L}, {2L, 3L}})).isDeepEqualTo(new long[][] {{1L}, {2L, 3L}});
    }

    @Test
    void everyJdkCollectionAndMapRebuiltAsItselfComesBackAsItsOwnClass() {
        List<Object> containers = List.of(new ArrayList<>(List.of(1)), new LinkedList<>(List.of(1)),
                new java.util.concurrent.CopyOnWriteArrayList<>(List.of(1)), new ArrayDeque<>(List.of(1)),
                new java.util.HashSet<>(List.of(1)), new LinkedHashSet<>(List.of(1)), new TreeSet<>(List.of(1)),
                new java.util.concurrent.ConcurrentSkipListSet<>(List.of(1)), new java.util.concurrent.CopyOnWriteArraySet<>(List.of(1)),
                new HashMap<>(Map.of(1, 2)), new java.util.LinkedHashMap<>(Map.of(1, 2)), new TreeMap<>(Map.of(1, 2)),
                new java.util.concurrent.ConcurrentHashMap<>(Map.of(1, 2)), new java.util.concurrent.ConcurrentSkipListMap<>(Map.of(1, 2)));
        for (Object container : containers) {
            Object back = roundTrip(strict, container);
            assertThat(back).as(container.getClass().getName()).hasSameClassAs(container);
            if (container instanceof Map<?, ?> map) {
                assertThat(back).isEqualTo(map);
            } else {
                assertThat(new ArrayList<>((java.util.Collection<?>) back)).isEqualTo(new ArrayList<>((java.util.Collection<?>) container));
            }
        }
    }

    @Test
    void immutableAndUnknownCollectionsComeBackAsTheirKindsDefault() {
        assertThat(roundTrip(strict, List.of(1, 2))).isExactlyInstanceOf(ArrayList.class).isEqualTo(List.of(1, 2));
        assertThat(roundTrip(strict, Arrays.asList("a", "b"))).isEqualTo(List.of("a", "b"));
        assertThat(roundTrip(strict, Set.of("x"))).isExactlyInstanceOf(LinkedHashSet.class);
        assertThat(roundTrip(strict, Map.of("k", "v"))).isEqualTo(Map.of("k", "v"));
    }

    @Test
    void recordOfAnUntrustedPackageIsRefusedOnEncode() {
        assertThatThrownBy(() -> strict.encodeResult(1, new Person("Ann", 1, List.of()), NO_REFS))
                .isInstanceOf(DisallowedTypeException.class)
                .hasMessageContaining("io.managedobjects.fixtures.Person");
    }

    @Test
    void recordOfAnUntrustedPackageIsRefusedOnDecodeBeforeItsClassIsLoaded() {
        byte[] encoded = trusting.encodeResult(1, List.of(new Person("Ann", 1, List.of())), NO_REFS);
        assertThatThrownBy(() -> strict.decodeResponse(encoded, NO_REFS))
                .isInstanceOf(DisallowedTypeException.class)
                .satisfies(e -> assertThat(((DisallowedTypeException) e).typeName()).isEqualTo(Person.class.getName()));
    }

    @Test
    void jdkClassesOutsideTheValueTypesAreRefused() {
        assertThatThrownBy(() -> strict.encodeResult(1, new Thread(), NO_REFS)).isInstanceOf(DisallowedTypeException.class)
                .hasMessageContaining("java.lang.Thread");
        assertThatThrownBy(() -> strict.encodeResult(1, new java.io.File("/etc/passwd"), NO_REFS))
                .isInstanceOf(DisallowedTypeException.class);
    }

    @Test
    void requestsRoundTripWithTheirArguments() {
        byte[] bytes = strict.encodeRequest(9, "12", "put", new Object[] {"k", 5L, null}, NO_REFS);
        Request request = strict.decodeRequest(bytes, NO_REFS);
        assertThat(request.callId()).isEqualTo(9);
        assertThat(request.target()).isEqualTo("12");
        assertThat(request.method()).isEqualTo("put");
        assertThat(request.args()).containsExactly("k", 5L, null);
    }

    @Test
    void errorsRoundTripWithTheirStackTraceAndCause() {
        IllegalStateException thrown = new IllegalStateException("outer", new ArithmeticException("inner"));
        Response response = strict.decodeResponse(strict.encodeError(3, ErrorInfo.of(thrown)), NO_REFS);
        assertThat(response.error()).isNotNull();
        assertThat(response.error().className()).isEqualTo(IllegalStateException.class.getName());
        assertThat(response.error().message()).isEqualTo("outer");
        assertThat(response.error().stackTrace()).map(ValueCodecTest::frame)
                .containsExactlyElementsOf(Arrays.stream(thrown.getStackTrace()).map(ValueCodecTest::frame).toList());
        assertThat(response.error().cause().className()).isEqualTo(ArithmeticException.class.getName());
    }

    /** What crosses the wire of a stack frame: class, method, file and line (not module or loader names). */
    private static String frame(StackTraceElement e) {
        return e.getClassName() + "." + e.getMethodName() + "(" + e.getFileName() + ":" + e.getLineNumber() + ")";
    }

    @Test
    void malformedPayloadsAreRejectedAsMalformed() {
        assertThatThrownBy(() -> strict.decodeRequest("garbage".getBytes(), NO_REFS)).isInstanceOf(MalformedInputException.class);
        assertThatThrownBy(() -> strict.decodeRequest(new byte[0], NO_REFS)).isInstanceOf(MalformedInputException.class);
    }
}
