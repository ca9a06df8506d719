package io.managedobjects.internal.codec;

import io.managedobjects.DisallowedTypeException;
import io.managedobjects.SharedRef;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.ObjectMapper;

/**
 * Encodes values with their concrete types into a Jackson token stream (CBOR on the wire) and back.
 *
 * <p>{@code null}, {@code String}, {@code Integer}, {@code Double} and {@code Boolean} are written as
 * plain tokens; every other value is an array whose first element is a type code. Classes named on the
 * wire (records, enums, beans, array components) go through the {@link TypePolicy}; JDK value types and
 * collections are recognised by code and never loaded by name.
 */
public final class ValueCodec {

    private static final int LONG = 1;
    private static final int SHORT = 2;
    private static final int BYTE = 3;
    private static final int FLOAT = 4;
    private static final int CHAR = 5;
    private static final int BIG_INTEGER = 6;
    private static final int BIG_DECIMAL = 7;
    private static final int BYTES = 8;
    private static final int ENUM = 9;
    private static final int TEXT = 10;
    private static final int LIST = 11;
    private static final int SET = 12;
    private static final int MAP = 13;
    private static final int ARRAY = 14;
    private static final int RECORD = 15;
    private static final int BEAN = 16;
    private static final int REF = 17;
    private static final int OPTIONAL = 18;

    /** JDK value types written as text and rebuilt by their parse method. */
    private static final Map<String, Function<String, Object>> TEXT_TYPES = Map.ofEntries(
            Map.entry(UUID.class.getName(), UUID::fromString),
            Map.entry(URI.class.getName(), URI::create),
            Map.entry(Instant.class.getName(), Instant::parse),
            Map.entry(Duration.class.getName(), Duration::parse),
            Map.entry(Period.class.getName(), Period::parse),
            Map.entry(LocalDate.class.getName(), LocalDate::parse),
            Map.entry(LocalTime.class.getName(), LocalTime::parse),
            Map.entry(LocalDateTime.class.getName(), LocalDateTime::parse),
            Map.entry(OffsetDateTime.class.getName(), OffsetDateTime::parse),
            Map.entry(OffsetTime.class.getName(), OffsetTime::parse),
            Map.entry(ZonedDateTime.class.getName(), ZonedDateTime::parse),
            Map.entry(Year.class.getName(), Year::parse),
            Map.entry(YearMonth.class.getName(), YearMonth::parse),
            Map.entry(MonthDay.class.getName(), MonthDay::parse),
            Map.entry("java.time.ZoneRegion", ZoneId::of),
            Map.entry("java.time.ZoneOffset", ZoneId::of));

    /** Concrete collection classes rebuilt as themselves; any other collection becomes the kind's default. */
    private static final Map<String, Supplier<Collection<Object>>> COLLECTIONS = Map.of(
            ArrayList.class.getName(), ArrayList::new,
            LinkedList.class.getName(), LinkedList::new,
            CopyOnWriteArrayList.class.getName(), CopyOnWriteArrayList::new,
            ArrayDeque.class.getName(), ArrayDeque::new,
            HashSet.class.getName(), HashSet::new,
            LinkedHashSet.class.getName(), LinkedHashSet::new,
            TreeSet.class.getName(), TreeSet::new,
            ConcurrentSkipListSet.class.getName(), ConcurrentSkipListSet::new,
            CopyOnWriteArraySet.class.getName(), CopyOnWriteArraySet::new);

    private static final Map<String, Supplier<Map<Object, Object>>> MAPS = Map.of(
            HashMap.class.getName(), HashMap::new,
            LinkedHashMap.class.getName(), LinkedHashMap::new,
            TreeMap.class.getName(), TreeMap::new,
            ConcurrentHashMap.class.getName(), ConcurrentHashMap::new,
            ConcurrentSkipListMap.class.getName(), ConcurrentSkipListMap::new);

    private static final Map<String, Class<?>> PRIMITIVES = Map.of("int", int.class, "long", long.class,
            "double", double.class, "float", float.class, "short", short.class, "char", char.class,
            "boolean", boolean.class, "byte", byte.class);

    private final TypePolicy policy;
    private final ObjectMapper beans;

    /**
     * Creates a codec.
     *
     * @param policy the allow-list for classes named on the wire
     * @param beans the mapper that writes and reads trusted bean classes
     */
    public ValueCodec(TypePolicy policy, ObjectMapper beans) {
        this.policy = policy;
        this.beans = beans;
    }

    /**
     * The allow-list of this codec.
     *
     * @return the policy
     */
    public TypePolicy policy() {
        return policy;
    }

    /**
     * Writes one value.
     *
     * @param out the token stream
     * @param value the value
     * @param refs how shared objects become references
     * @throws DisallowedTypeException if the value (or anything in it) may not cross the boundary
     */
    public void write(JsonGenerator out, @Nullable Object value, RefResolver refs) {
        if (value == null) {
            out.writeNull();
        } else if (value instanceof String s) {
            out.writeString(s);
        } else if (value instanceof Integer i) {
            out.writeNumber(i.intValue());
        } else if (value instanceof Boolean b) {
            out.writeBoolean(b);
        } else if (value instanceof Double d) {
            out.writeNumber(d.doubleValue());
        } else {
            writeTagged(out, value, refs);
        }
    }

    private void writeTagged(JsonGenerator out, Object value, RefResolver refs) {
        SharedRef ref = refs.toRef(value);
        out.writeStartArray();
        if (ref != null) {
            out.writeNumber(REF);
            out.writeString(ref.toString());
        } else if (value instanceof Long l) {
            out.writeNumber(LONG);
            out.writeNumber(l.longValue());
        } else if (value instanceof Short s) {
            out.writeNumber(SHORT);
            out.writeNumber(s.intValue());
        } else if (value instanceof Byte b) {
            out.writeNumber(BYTE);
            out.writeNumber(b.intValue());
        } else if (value instanceof Float f) {
            out.writeNumber(FLOAT);
            out.writeNumber(f.floatValue());
        } else if (value instanceof Character c) {
            out.writeNumber(CHAR);
            out.writeString(c.toString());
        } else if (value instanceof BigInteger b) {
            out.writeNumber(BIG_INTEGER);
            out.writeString(b.toString());
        } else if (value instanceof BigDecimal b) {
            out.writeNumber(BIG_DECIMAL);
            out.writeString(b.toString());
        } else if (value instanceof byte[] bytes) {
            out.writeNumber(BYTES);
            out.writeBinary(bytes);
        } else if (value instanceof Enum<?> e) {
            Class<?> type = e.getDeclaringClass();
            checkNamed(type);
            out.writeNumber(ENUM);
            out.writeString(type.getName());
            out.writeString(e.name());
        } else if (TEXT_TYPES.containsKey(value.getClass().getName())) {
            out.writeNumber(TEXT);
            out.writeString(value.getClass().getName());
            out.writeString(value.toString());
        } else if (value instanceof Optional<?> o) {
            out.writeNumber(OPTIONAL);
            if (o.isPresent()) {
                write(out, o.get(), refs);
            }
        } else if (value instanceof Map<?, ?> map) {
            writeMap(out, map, refs);
        } else if (value instanceof List<?> || value instanceof Set<?> || value instanceof java.util.Queue<?>) {
            writeCollection(out, (Collection<?>) value, refs);
        } else if (value.getClass().isArray()) {
            writeArray(out, value, refs);
        } else if (value instanceof Record record) {
            writeRecord(out, record, refs);
        } else if (value instanceof Collection<?> c) {
            writeCollection(out, c, refs);
        } else {
            checkNamed(value.getClass());
            out.writeNumber(BEAN);
            out.writeString(value.getClass().getName());
            beans.writeValue(out, value);
        }
        out.writeEndArray();
    }

    private void checkNamed(Class<?> type) {
        if (!type.getName().startsWith("java.")) {
            policy.checkEncodable(type);
        } else if (!type.isEnum()) {
            throw TypePolicy.refusal(type.getName());
        }
    }

    private void writeMap(JsonGenerator out, Map<?, ?> map, RefResolver refs) {
        String type = map.getClass().getName();
        if (!MAPS.containsKey(type) || map instanceof SortedMap<?, ?> sorted && sorted.comparator() != null) {
            type = map instanceof SortedMap<?, ?> s && s.comparator() == null ? TreeMap.class.getName() : LinkedHashMap.class.getName();
        }
        out.writeNumber(MAP);
        out.writeString(type);
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            write(out, entry.getKey(), refs);
            write(out, entry.getValue(), refs);
        }
    }

    private void writeCollection(JsonGenerator out, Collection<?> collection, RefResolver refs) {
        String type = collection.getClass().getName();
        boolean sortedWithComparator = collection instanceof SortedSet<?> sorted && sorted.comparator() != null;
        if (!COLLECTIONS.containsKey(type) || sortedWithComparator) {
            if (collection instanceof Set<?>) {
                type = collection instanceof SortedSet<?> && !sortedWithComparator ? TreeSet.class.getName() : LinkedHashSet.class.getName();
            } else {
                type = collection instanceof java.util.Deque<?> ? ArrayDeque.class.getName() : ArrayList.class.getName();
            }
        }
        out.writeNumber(collection instanceof Set<?> ? SET : LIST);
        out.writeString(type);
        for (Object element : collection) {
            write(out, element, refs);
        }
    }

    private void writeArray(JsonGenerator out, Object array, RefResolver refs) {
        Class<?> component = array.getClass().getComponentType();
        Class<?> base = component;
        while (base.isArray()) {
            base = base.getComponentType();
        }
        if (!base.isPrimitive() && base != Object.class && !isJdkValueClass(base)) {
            checkNamed(base);
        }
        out.writeNumber(ARRAY);
        out.writeString(component.getName());
        int length = Array.getLength(array);
        for (int i = 0; i < length; i++) {
            write(out, Array.get(array, i), refs);
        }
    }

    private void writeRecord(JsonGenerator out, Record record, RefResolver refs) {
        checkNamed(record.getClass());
        out.writeNumber(RECORD);
        out.writeString(record.getClass().getName());
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            try {
                component.getAccessor().setAccessible(true);
                write(out, component.getAccessor().invoke(record), refs);
            } catch (ReflectiveOperationException e) {
                throw new DisallowedTypeException(record.getClass().getName(), "Cannot read record component "
                        + component.getName() + " of " + record.getClass().getName() + ": " + e);
            }
        }
    }

    /**
     * Reads one value; the parser must be positioned on its first token.
     *
     * @param in the token stream
     * @param refs how references become local stand-ins
     * @return the value
     * @throws DisallowedTypeException if the input names a class outside the allow-list
     */
    public @Nullable Object read(JsonParser in, RefResolver refs) {
        JsonToken token = in.currentToken();
        if (token == null) {
            throw new MalformedInputException("unexpected end of input");
        }
        return switch (token) {
            case VALUE_NULL -> null;
            case VALUE_STRING -> in.getString();
            case VALUE_NUMBER_INT -> in.getIntValue();
            case VALUE_NUMBER_FLOAT -> in.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case START_ARRAY -> readTagged(in, refs);
            default -> throw new MalformedInputException("unexpected token " + token);
        };
    }

    private Object readTagged(JsonParser in, RefResolver refs) {
        int code = nextInt(in);
        Object value = switch (code) {
            case LONG -> nextLong(in);
            case SHORT -> (short) nextInt(in);
            case BYTE -> (byte) nextInt(in);
            case FLOAT -> {
                expect(in, JsonToken.VALUE_NUMBER_FLOAT);
                yield in.getFloatValue();
            }
            case CHAR -> {
                String s = nextString(in);
                if (s.length() != 1) {
                    throw new MalformedInputException("a char must be one character");
                }
                yield s.charAt(0);
            }
            case BIG_INTEGER -> new BigInteger(nextString(in));
            case BIG_DECIMAL -> new BigDecimal(nextString(in));
            case BYTES -> {
                expect(in, JsonToken.VALUE_EMBEDDED_OBJECT);
                yield in.getBinaryValue();
            }
            case ENUM -> readEnum(in);
            case TEXT -> {
                String type = nextString(in);
                Function<String, Object> parser = TEXT_TYPES.get(type);
                if (parser == null) {
                    throw TypePolicy.refusal(type);
                }
                yield parser.apply(nextString(in));
            }
            case OPTIONAL -> in.nextToken() == JsonToken.END_ARRAY ? Optional.empty() : Optional.ofNullable(read(in, refs));
            case MAP -> readMap(in, refs);
            case LIST, SET -> readCollection(in, refs);
            case ARRAY -> readArray(in, refs);
            case RECORD -> readRecord(in, refs);
            case BEAN -> {
                Class<?> type = policy.resolveTrusted(nextString(in));
                in.nextToken();
                yield beans.readValue(in, type);
            }
            case REF -> refs.fromRef(parseRef(nextString(in)));
            default -> throw new MalformedInputException("unknown type code " + code);
        };
        boolean consumedEnd = code == MAP || code == LIST || code == SET || code == ARRAY
                || code == OPTIONAL && value instanceof Optional<?> o && o.isEmpty();
        if (!consumedEnd) {
            in.nextToken();
        }
        if (in.currentToken() != JsonToken.END_ARRAY) {
            throw new MalformedInputException("trailing data in a value of type code " + code);
        }
        return value;
    }

    private static SharedRef parseRef(String text) {
        try {
            return SharedRef.parse(text);
        } catch (IllegalArgumentException e) {
            throw new MalformedInputException(e.getMessage());
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Object readEnum(JsonParser in) {
        String typeName = nextString(in);
        Class<?> type = typeName.startsWith("java.") ? policy.load(typeName) : policy.resolveTrusted(typeName);
        if (!type.isEnum()) {
            throw TypePolicy.refusal(typeName);
        }
        try {
            return Enum.valueOf((Class) type, nextString(in));
        } catch (IllegalArgumentException e) {
            throw new MalformedInputException("no constant of " + typeName + " is named so");
        }
    }

    private Map<Object, Object> readMap(JsonParser in, RefResolver refs) {
        Supplier<Map<Object, Object>> factory = MAPS.get(nextString(in));
        if (factory == null) {
            throw new MalformedInputException("unknown map class");
        }
        Map<Object, Object> map = factory.get();
        while (in.nextToken() != JsonToken.END_ARRAY) {
            Object key = read(in, refs);
            in.nextToken();
            map.put(key, read(in, refs));
        }
        return map;
    }

    private Collection<Object> readCollection(JsonParser in, RefResolver refs) {
        Supplier<Collection<Object>> factory = COLLECTIONS.get(nextString(in));
        if (factory == null) {
            throw new MalformedInputException("unknown collection class");
        }
        Collection<Object> collection = factory.get();
        while (in.nextToken() != JsonToken.END_ARRAY) {
            collection.add(read(in, refs));
        }
        return collection;
    }

    private Object readArray(JsonParser in, RefResolver refs) {
        String componentName = nextString(in);
        Class<?> component = arrayComponent(componentName);
        List<Object> elements = new ArrayList<>();
        while (in.nextToken() != JsonToken.END_ARRAY) {
            elements.add(read(in, refs));
        }
        Object array = Array.newInstance(component, elements.size());
        for (int i = 0; i < elements.size(); i++) {
            try {
                Array.set(array, i, elements.get(i));
            } catch (IllegalArgumentException e) {
                throw new MalformedInputException("array element " + i + " does not fit " + componentName);
            }
        }
        return array;
    }

    private Class<?> arrayComponent(String name) {
        Class<?> primitive = PRIMITIVES.get(name);
        if (primitive != null) {
            return primitive;
        }
        if (name.startsWith("[")) {
            String base = name.replaceFirst("^\\[+L?", "").replaceFirst(";$", "");
            if (base.length() == 1 || base.equals(Object.class.getName()) || isJdkValueName(base) || policy.isTrusted(base)) {
                return policy.load(name);
            }
            throw TypePolicy.refusal(base);
        }
        if (name.equals(Object.class.getName()) || isJdkValueName(name)) {
            return policy.load(name);
        }
        return policy.resolveTrusted(name);
    }

    private Object readRecord(JsonParser in, RefResolver refs) {
        String typeName = nextString(in);
        Class<?> type = policy.resolveTrusted(typeName);
        if (!type.isRecord()) {
            throw new MalformedInputException(typeName + " is not a record");
        }
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            in.nextToken();
            values[i] = read(in, refs);
            types[i] = components[i].getType();
            if (types[i].isPrimitive() && values[i] != null) {
                values[i] = Conversions.toPrimitive(types[i], values[i]);
            }
        }
        try {
            Constructor<?> constructor = type.getDeclaredConstructor(types);
            constructor.setAccessible(true);
            return constructor.newInstance(values);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new MalformedInputException("record " + typeName + " rejected its components: " + e.getCause());
        } catch (ReflectiveOperationException | IllegalArgumentException e) {
            throw new MalformedInputException("cannot rebuild record " + typeName + ": " + e);
        }
    }

    private static boolean isJdkValueClass(Class<?> type) {
        return isJdkValueName(type.getName());
    }

    private static boolean isJdkValueName(String name) {
        return switch (name) {
            case "java.lang.String", "java.lang.Integer", "java.lang.Long", "java.lang.Short", "java.lang.Byte",
                    "java.lang.Double", "java.lang.Float", "java.lang.Character", "java.lang.Boolean",
                    "java.math.BigInteger", "java.math.BigDecimal", "java.lang.Number" -> true;
            default -> TEXT_TYPES.containsKey(name);
        };
    }

    private static int nextInt(JsonParser in) {
        expect(in, JsonToken.VALUE_NUMBER_INT);
        return in.getIntValue();
    }

    private static long nextLong(JsonParser in) {
        expect(in, JsonToken.VALUE_NUMBER_INT);
        return in.getLongValue();
    }

    private static String nextString(JsonParser in) {
        expect(in, JsonToken.VALUE_STRING);
        return in.getString();
    }

    private static void expect(JsonParser in, JsonToken token) {
        JsonToken actual;
        try {
            actual = in.nextToken();
        } catch (JacksonException e) {
            throw new MalformedInputException(e.getOriginalMessage());
        }
        if (actual != token) {
            throw new MalformedInputException("expected " + token + " but found " + actual);
        }
    }
}
