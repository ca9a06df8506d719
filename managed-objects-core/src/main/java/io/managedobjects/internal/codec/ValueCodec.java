package io.managedobjects.internal.codec;

import io.managedobjects.DisallowedTypeException;
import io.managedobjects.SharedRef;
import io.managedobjects.UnreadableValueException;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.AbstractMap;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

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
    private static final int ENTRY = 19;
    private static final int ENUM_SET = 20;
    private static final int ENUM_MAP = 21;
    private static final int BIT_SET = 22;

    /** How deep values may nest (a deeper value is most likely a cycle of objects). */
    static final int MAX_DEPTH = 500;
    /** How many keys of one map or set may share a hash code before decoding it would cost quadratic time. */
    static final int MAX_COLLIDING_KEYS = 1000;
    /** A copy-on-write set checks every element against all before it: beyond this size that is too slow to accept. */
    static final int MAX_COPY_ON_WRITE_SET = 10_000;

    private static final Map<String, Class<?>> PRIMITIVES = Map.of("int", int.class, "long", long.class,
            "double", double.class, "float", float.class, "short", short.class, "char", char.class,
            "boolean", boolean.class, "byte", byte.class);

    private final TypePolicy policy;

    /**
     * Creates a codec.
     *
     * @param policy the allow-list for classes named on the wire
     */
    public ValueCodec(TypePolicy policy) {
        this.policy = policy;
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
        write(out, value, refs, 0);
    }

    private void write(JsonGenerator out, @Nullable Object value, RefResolver refs, int depth) {
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
            if (depth >= MAX_DEPTH) {
                throw new DisallowedTypeException(value.getClass().getName(), "Class " + value.getClass().getName()
                        + ": a value nests deeper than " + MAX_DEPTH + " levels, which is refused (does it contain a cycle of objects?)");
            }
            writeTagged(out, value, refs, depth + 1);
        }
    }

    private void writeTagged(JsonGenerator out, Object value, RefResolver refs, int depth) {
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
            out.writeBinary(b.toByteArray());
        } else if (value instanceof BigDecimal b) {
            out.writeNumber(BIG_DECIMAL);
            out.writeBinary(b.unscaledValue().toByteArray());
            out.writeNumber(b.scale());
        } else if (value instanceof byte[] bytes) {
            out.writeNumber(BYTES);
            out.writeBinary(bytes);
        } else if (value instanceof Enum<?> e) {
            Class<?> type = e.getDeclaringClass();
            checkNamed(type);
            out.writeNumber(ENUM);
            out.writeString(type.getName());
            out.writeString(e.name());
        } else if (JdkTypes.isText(value.getClass().getName())) {
            out.writeNumber(TEXT);
            out.writeString(value.getClass().getName());
            out.writeString(JdkTypes.format(value));
        } else if (value instanceof BitSet bits) {
            out.writeNumber(BIT_SET);
            out.writeBinary(bits.toByteArray());
        } else if (value instanceof Optional<?> o) {
            out.writeNumber(OPTIONAL);
            if (o.isPresent()) {
                write(out, o.get(), refs, depth);
            }
        } else if (value instanceof EnumMap<?, ?> map) {
            writeEnumMap(out, map, refs, depth);
        } else if (value instanceof EnumSet<?> set) {
            writeEnumSet(out, set);
        } else if (value instanceof Map<?, ?> map) {
            writeMap(out, map, refs, depth);
        } else if (value instanceof Map.Entry<?, ?> entry && isJdkEntry(entry)) {
            out.writeNumber(ENTRY);
            out.writeNumber(entry instanceof AbstractMap.SimpleEntry<?, ?> ? 0 : entry instanceof AbstractMap.SimpleImmutableEntry<?, ?> ? 1 : 2);
            write(out, entry.getKey(), refs, depth);
            write(out, entry.getValue(), refs, depth);
        } else if (value instanceof Collection<?> c && (value instanceof List<?> || value instanceof Set<?>
                || value instanceof java.util.Queue<?> || !policy.isTrusted(value.getClass().getName()))) {
            writeCollection(out, c, refs, depth);
        } else if (value.getClass().isArray()) {
            writeArray(out, value, refs, depth);
        } else if (value instanceof Record record) {
            writeRecord(out, record, refs, depth);
        } else {
            writeObject(out, value, refs, depth);
        }
        out.writeEndArray();
    }

    private static boolean isJdkEntry(Map.Entry<?, ?> entry) {
        return entry instanceof AbstractMap.SimpleEntry<?, ?> || entry instanceof AbstractMap.SimpleImmutableEntry<?, ?>
                || entry.getClass().getName().equals("java.util.KeyValueHolder");
    }

    private void checkNamed(Class<?> type) {
        if (!type.getName().startsWith("java.")) {
            policy.checkEncodable(type);
        } else if (!type.isEnum()) {
            throw TypePolicy.refusal(type.getName());
        }
    }

    private void writeObject(JsonGenerator out, Object value, RefResolver refs, int depth) {
        Class<?> type = value.getClass();
        checkNamed(type);
        ObjectShape shape = ObjectShape.of(type);
        shape.checkRebuildable();
        out.writeNumber(BEAN);
        out.writeString(type.getName());
        for (int i = 0; i < shape.size(); i++) {
            out.writeString(shape.name(i));
            write(out, shape.get(value, i), refs, depth);
        }
    }

    private void writeEnumSet(JsonGenerator out, EnumSet<?> set) {
        Class<?> type = EnumTypes.elementType(set);
        checkNamed(type);
        out.writeNumber(ENUM_SET);
        out.writeString(type.getName());
        for (Enum<?> e : set) {
            out.writeString(e.name());
        }
    }

    private void writeEnumMap(JsonGenerator out, EnumMap<?, ?> map, RefResolver refs, int depth) {
        Class<?> type = EnumTypes.keyType(map);
        checkNamed(type);
        out.writeNumber(ENUM_MAP);
        out.writeString(type.getName());
        for (Map.Entry<? extends Enum<?>, ?> entry : map.entrySet()) {
            out.writeString(entry.getKey().name());
            write(out, entry.getValue(), refs, depth);
        }
    }

    private void writeMap(JsonGenerator out, Map<?, ?> map, RefResolver refs, int depth) {
        String type = map.getClass().getName();
        if (!JdkTypes.isMap(type) && !isTrustedContainer(map.getClass())
                || map instanceof SortedMap<?, ?> sorted && sorted.comparator() != null) {
            type = map instanceof SortedMap<?, ?> s && s.comparator() == null ? TreeMap.class.getName() : LinkedHashMap.class.getName();
        }
        out.writeNumber(MAP);
        out.writeString(type);
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            write(out, entry.getKey(), refs, depth);
            write(out, entry.getValue(), refs, depth);
        }
    }

    private void writeCollection(JsonGenerator out, Collection<?> collection, RefResolver refs, int depth) {
        String type = collection.getClass().getName();
        boolean sortedWithComparator = collection instanceof SortedSet<?> sorted && sorted.comparator() != null;
        if (!JdkTypes.isCollection(type) && !isTrustedContainer(collection.getClass()) || sortedWithComparator) {
            if (collection instanceof Set<?>) {
                type = collection instanceof SortedSet<?> && !sortedWithComparator ? TreeSet.class.getName() : LinkedHashSet.class.getName();
            } else {
                type = collection instanceof java.util.Deque<?> ? ArrayDeque.class.getName() : ArrayList.class.getName();
            }
        }
        out.writeNumber(collection instanceof Set<?> ? SET : LIST);
        out.writeString(type);
        for (Object element : collection) {
            write(out, element, refs, depth);
        }
    }

    /** A collection or map class of a trusted package with a no-arg constructor is rebuilt as itself. */
    private boolean isTrustedContainer(Class<?> type) {
        return policy.isTrusted(type.getName()) && !Modifier.isAbstract(type.getModifiers()) && noArgConstructor(type) != null;
    }

    private static @Nullable Constructor<?> noArgConstructor(Class<?> type) {
        try {
            Constructor<?> constructor = type.getDeclaredConstructor();
            return constructor.trySetAccessible() ? constructor : null;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private void writeArray(JsonGenerator out, Object array, RefResolver refs, int depth) {
        Class<?> component = array.getClass().getComponentType();
        Class<?> base = component;
        while (base.isArray()) {
            base = base.getComponentType();
        }
        if (!base.isPrimitive() && !isJdkValueClass(base) && !isSharedInterface(base)) {
            checkNamed(base);
        }
        out.writeNumber(ARRAY);
        out.writeString(component.getName());
        int length = Array.getLength(array);
        for (int i = 0; i < length; i++) {
            write(out, Array.get(array, i), refs, depth);
        }
    }

    private void writeRecord(JsonGenerator out, Record record, RefResolver refs, int depth) {
        checkNamed(record.getClass());
        out.writeNumber(RECORD);
        out.writeString(record.getClass().getName());
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            Object value;
            try {
                Method accessor = component.getAccessor();
                accessor.setAccessible(true);
                value = accessor.invoke(record);
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new DisallowedTypeException(record.getClass().getName(), "Class " + record.getClass().getName()
                        + " cannot be read: record component " + component.getName() + " failed (" + e + ")");
            }
            write(out, value, refs, depth);
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
        return read(in, refs, false);
    }

    /**
     * Reads one argument of a request: as {@link #read}, except that a map argument is read into the
     * resolver's {@link RefResolver#argumentMap() argument map} where it offers one.
     *
     * @param in the token stream, positioned on the argument's first token
     * @param refs how references become local stand-ins
     * @return the argument
     * @throws DisallowedTypeException if the input names a class outside the allow-list
     */
    public @Nullable Object readArgument(JsonParser in, RefResolver refs) {
        return read(in, refs, true);
    }

    private @Nullable Object read(JsonParser in, RefResolver refs, boolean argument) {
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
            case START_ARRAY -> readTagged(in, refs, argument);
            default -> throw new MalformedInputException("unexpected token " + token);
        };
    }

    private Object readTagged(JsonParser in, RefResolver refs, boolean argument) {
        // one array per value level (and one around a request's or response's values): deeper input is refused here,
        // long before its recursion could cost the stack
        if (in.streamReadContext().getNestingDepth() > MAX_DEPTH + 1) {
            throw new UnreadableValueException("A value nests deeper than " + MAX_DEPTH + " levels, which is refused");
        }
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
            case BIG_INTEGER -> new BigInteger(nextBinary(in));
            case BIG_DECIMAL -> new BigDecimal(new BigInteger(nextBinary(in)), nextInt(in));
            case BYTES -> nextBinary(in);
            case ENUM -> constant(enumClass(nextString(in)), nextString(in));
            case TEXT -> readText(in);
            case BIT_SET -> BitSet.valueOf(nextBinary(in));
            case OPTIONAL -> in.nextToken() == JsonToken.END_ARRAY ? Optional.empty() : Optional.ofNullable(read(in, refs));
            case ENTRY -> readEntry(in, refs);
            case ENUM_SET -> readEnumSet(in);
            case ENUM_MAP -> readEnumMap(in, refs);
            case MAP -> readMap(in, refs, argument ? refs.argumentMap() : null);
            case LIST, SET -> readCollection(in, refs);
            case ARRAY -> readArray(in, refs);
            case RECORD -> readRecord(in, refs);
            case BEAN -> readObject(in, refs);
            case REF -> refs.fromRef(parseRef(nextString(in)));
            default -> throw new MalformedInputException("unknown type code " + code);
        };
        boolean consumedEnd = code == MAP || code == LIST || code == SET || code == ARRAY || code == BEAN
                || code == ENUM_SET || code == ENUM_MAP || code == OPTIONAL && value instanceof Optional<?> o && o.isEmpty();
        if (!consumedEnd) {
            in.nextToken();
        }
        if (in.currentToken() != JsonToken.END_ARRAY) {
            throw new MalformedInputException("trailing data in a value of type code " + code);
        }
        return value;
    }

    private static Object readText(JsonParser in) {
        String type = nextString(in);
        if (!JdkTypes.isText(type)) {
            throw TypePolicy.refusal(type);
        }
        String form = nextString(in);
        try {
            return JdkTypes.parse(type, form);
        } catch (RuntimeException e) {
            throw new UnreadableValueException("Not a valid " + type + ": " + e.getMessage());
        }
    }

    private Object readEntry(JsonParser in, RefResolver refs) {
        int kind = nextInt(in);
        in.nextToken();
        Object key = read(in, refs);
        in.nextToken();
        Object value = read(in, refs);
        return switch (kind) {
            case 0 -> new AbstractMap.SimpleEntry<>(key, value);
            case 1 -> new AbstractMap.SimpleImmutableEntry<>(key, value);
            case 2 -> {
                if (key == null || value == null) {
                    throw new MalformedInputException("a Map.entry holds no null");
                }
                yield Map.entry(key, value);
            }
            default -> throw new MalformedInputException("unknown kind of map entry " + kind);
        };
    }

    private static SharedRef parseRef(String text) {
        try {
            return SharedRef.parse(text);
        } catch (IllegalArgumentException e) {
            throw new MalformedInputException(e.getMessage());
        }
    }

    private Class<?> enumClass(String typeName) {
        Class<?> type = typeName.startsWith("java.") ? policy.load(typeName) : policy.resolveTrusted(typeName);
        if (!type.isEnum()) {
            throw TypePolicy.refusal(typeName);
        }
        return type;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Enum<?> constant(Class<?> type, String name) {
        try {
            return Enum.valueOf((Class) type, name);
        } catch (IllegalArgumentException e) {
            throw new UnreadableValueException("Enum " + type.getName() + " in this process has no constant " + name
                    + ": every process needs the same version of the class");
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private EnumSet<?> readEnumSet(JsonParser in) {
        Class type = enumClass(nextString(in));
        EnumSet set = EnumSet.noneOf(type);
        while (in.nextToken() != JsonToken.END_ARRAY) {
            set.add(constant(type, currentString(in)));
        }
        return set;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private EnumMap<?, ?> readEnumMap(JsonParser in, RefResolver refs) {
        Class type = enumClass(nextString(in));
        EnumMap map = new EnumMap(type);
        while (in.nextToken() != JsonToken.END_ARRAY) {
            Enum<?> key = constant(type, currentString(in));
            in.nextToken();
            map.put(key, read(in, refs));
        }
        return map;
    }

    private Map<@Nullable Object, @Nullable Object> readMap(JsonParser in, RefResolver refs,
            @Nullable Map<@Nullable Object, @Nullable Object> into) {
        String typeName = nextString(in);
        Map<@Nullable Object, @Nullable Object> map = into != null ? into : container(typeName, JdkTypes.newMap(typeName), Map.class);
        // a map the receiver offers is a hash table: guarded as a HashMap is
        Collisions collisions = into != null ? new Collisions() : Collisions.of(map);
        while (in.nextToken() != JsonToken.END_ARRAY) {
            Object key = read(in, refs);
            in.nextToken();
            collisions.count(key);
            map.put(key, read(in, refs));
        }
        return map;
    }

    private Collection<Object> readCollection(JsonParser in, RefResolver refs) {
        String typeName = nextString(in);
        Collection<Object> collection = container(typeName, JdkTypes.newCollection(typeName), Collection.class);
        // a copy-on-write collection copies itself on every add: its elements are gathered first
        boolean copyOnWrite = collection instanceof CopyOnWriteArrayList<?> || collection instanceof CopyOnWriteArraySet<?>;
        Collection<Object> target = copyOnWrite ? new ArrayList<>() : collection;
        Collisions collisions = Collisions.of(collection);
        while (in.nextToken() != JsonToken.END_ARRAY) {
            Object element = read(in, refs);
            collisions.count(element);
            target.add(element);
        }
        if (collection instanceof CopyOnWriteArraySet<?> && target.size() > MAX_COPY_ON_WRITE_SET) {
            throw new UnreadableValueException("A CopyOnWriteArraySet of " + target.size() + " elements is refused: building it "
                    + "takes quadratic time beyond " + MAX_COPY_ON_WRITE_SET + ". Use a LinkedHashSet or a ConcurrentSkipListSet");
        }
        if (copyOnWrite) {
            collection.addAll(target);
        }
        return collection;
    }

    /**
     * A JDK collection or map of a known class ({@code known}, made by {@link JdkTypes}), or one of a trusted class
     * with a no-arg constructor.
     */
    @SuppressWarnings("unchecked")
    private <T> T container(String typeName, @Nullable T known, Class<?> kind) {
        if (known != null) {
            return known;
        }
        if (typeName.startsWith("java.")) {
            throw new MalformedInputException("unknown " + kind.getSimpleName().toLowerCase(Locale.ROOT) + " class " + typeName);
        }
        Class<?> type = policy.resolveTrusted(typeName);
        Constructor<?> constructor = kind.isAssignableFrom(type) ? noArgConstructor(type) : null;
        if (constructor == null) {
            throw new UnreadableValueException("Class " + typeName + " in this process is not a " + kind.getSimpleName()
                    + " with a no-arg constructor: every process needs the same version of the class");
        }
        try {
            return (T) constructor.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new UnreadableValueException("Class " + typeName + " cannot be instantiated: " + e.getCause());
        }
    }

    /**
     * Counts hash codes of keys that a hash table cannot order: a map or set whose keys mostly share one
     * hash code costs quadratic time to build, so too many such keys are refused.
     */
    private static final class Collisions {
        private static final Collisions NONE = new Collisions();
        private @Nullable Map<Integer, int[]> counts;

        /** The class of the first key: a hash table orders colliding keys only when they are Comparable and of one class. */
        private @Nullable Class<?> first;

        static Collisions of(Object container) {
            return container instanceof HashMap<?, ?> || container instanceof HashSet<?> || container instanceof ConcurrentHashMap<?, ?>
                    ? new Collisions() : NONE;
        }

        void count(@Nullable Object key) {
            if (this == NONE || key == null) {
                return;
            }
            if (first == null) {
                first = key.getClass();
            }
            if (key instanceof Comparable<?> && key.getClass() == first) {
                return;
            }
            if (counts == null) {
                counts = new HashMap<>();
            }
            int hash = key.hashCode();
            if (++counts.computeIfAbsent(hash, h -> new int[1])[0] > MAX_COLLIDING_KEYS) {
                throw new UnreadableValueException("More than " + MAX_COLLIDING_KEYS + " keys of one map or set share the hash code "
                        + hash + " (" + key.getClass().getName() + "): refused, as building it would take quadratic time. "
                        + "Give the key class a better hashCode()");
            }
        }
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
            Object element = elements.get(i);
            try {
                Array.set(array, i, element == null || component.isPrimitive() || component.isInstance(element)
                        ? element : refs.fit(element, component));
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
            if (base.length() == 1 || isJdkValueName(base) || isSharedInterfaceName(base) || policy.isTrusted(base)) {
                return policy.load(name);
            }
            throw TypePolicy.refusal(base);
        }
        if (isJdkValueName(name) || isSharedInterfaceName(name)) {
            return policy.load(name);
        }
        return policy.resolveTrusted(name);
    }

    private Object readRecord(JsonParser in, RefResolver refs) {
        String typeName = nextString(in);
        Class<?> type = policy.resolveTrusted(typeName);
        if (!type.isRecord()) {
            throw new UnreadableValueException("Class " + typeName + " is not a record in this process: every process needs the same version of the class");
        }
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            in.nextToken();
            values[i] = read(in, refs);
            types[i] = components[i].getType();
            if (values[i] != null) {
                values[i] = types[i].isPrimitive() ? Conversions.toPrimitive(types[i], values[i])
                        : types[i].isInstance(values[i]) ? values[i] : refs.fit(values[i], types[i]);
            }
        }
        try {
            Constructor<?> constructor = type.getDeclaredConstructor(types);
            constructor.setAccessible(true);
            return constructor.newInstance(values);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new UnreadableValueException("Record " + typeName + " rejected its components: " + e.getCause());
        } catch (ReflectiveOperationException | IllegalArgumentException e) {
            throw new UnreadableValueException("Record " + typeName + " cannot be rebuilt in this process (" + e
                    + "): every process needs the same version of the class");
        }
    }

    private Object readObject(JsonParser in, RefResolver refs) {
        String typeName = nextString(in);
        Class<?> type = policy.resolveTrusted(typeName);
        if (type.isRecord() || type.isEnum() || type.isInterface() || type.isArray()) {
            throw new UnreadableValueException("Class " + typeName + " is not a plain class in this process: every process needs the same version of the class");
        }
        ObjectShape shape = ObjectShape.of(type);
        shape.checkRebuildable();
        Object[] values = new Object[shape.size()];
        boolean[] present = new boolean[shape.size()];
        while (in.nextToken() != JsonToken.END_ARRAY) {
            int index = shape.index(currentString(in));
            if (present[index]) {
                throw new MalformedInputException("field " + shape.name(index) + " of " + typeName + " appears twice");
            }
            in.nextToken();
            values[index] = read(in, refs);
            present[index] = true;
        }
        return shape.build(values, present, refs);
    }

    private static boolean isSharedInterface(Class<?> type) {
        return type.isInterface() && isSharedInterfaceName(type.getName());
    }

    /** The public shared-object interfaces ({@code io.managedobjects.SharedMap}, ...), allowed as array components. */
    private static boolean isSharedInterfaceName(String name) {
        return name.startsWith("io.managedobjects.Shared") && name.indexOf('.', "io.managedobjects.".length()) < 0;
    }

    private static boolean isJdkValueClass(Class<?> type) {
        return isJdkValueName(type.getName());
    }

    private static boolean isJdkValueName(String name) {
        return switch (name) {
            case "java.lang.Object", "java.lang.String", "java.lang.Integer", "java.lang.Long", "java.lang.Short", "java.lang.Byte",
                    "java.lang.Double", "java.lang.Float", "java.lang.Character", "java.lang.Boolean",
                    "java.math.BigInteger", "java.math.BigDecimal", "java.lang.Number" -> true;
            default -> JdkTypes.isText(name);
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

    private static String currentString(JsonParser in) {
        if (in.currentToken() != JsonToken.VALUE_STRING) {
            throw new MalformedInputException("expected a name but found " + in.currentToken());
        }
        return in.getString();
    }

    private static byte[] nextBinary(JsonParser in) {
        expect(in, JsonToken.VALUE_EMBEDDED_OBJECT);
        return in.getBinaryValue();
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
