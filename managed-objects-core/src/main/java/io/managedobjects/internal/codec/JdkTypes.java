package io.managedobjects.internal.codec;

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
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
import org.jspecify.annotations.Nullable;

/**
 * The JDK classes {@link ValueCodec} knows by name: value types written as text, and collections and maps rebuilt as
 * their own class. Plain switches on the class name: the tables of lambdas they replace took 8–13 ms to link in every
 * JVM, on its way to its first call. A class is only loaded when a value of it is read or written.
 */
final class JdkTypes {

    /** The value types written as text, by exact class name. */
    private static final Set<String> TEXT = Set.of("java.util.UUID", "java.net.URI", "java.time.Instant", "java.time.Duration",
            "java.time.Period", "java.time.LocalDate", "java.time.LocalTime", "java.time.LocalDateTime", "java.time.OffsetDateTime",
            "java.time.OffsetTime", "java.time.ZonedDateTime", "java.time.Year", "java.time.YearMonth", "java.time.MonthDay",
            "java.time.ZoneRegion", "java.time.ZoneOffset", "java.util.Date", "java.sql.Date", "java.sql.Time",
            "java.sql.Timestamp", "java.util.Locale", "java.util.Currency");

    /** The collections {@link #newCollection} makes, by exact class name. */
    private static final Set<String> COLLECTIONS = Set.of("java.util.ArrayList", "java.util.LinkedList",
            "java.util.concurrent.CopyOnWriteArrayList", "java.util.ArrayDeque", "java.util.HashSet", "java.util.LinkedHashSet",
            "java.util.TreeSet", "java.util.concurrent.ConcurrentSkipListSet", "java.util.concurrent.CopyOnWriteArraySet");

    /** The maps {@link #newMap} makes, by exact class name. */
    private static final Set<String> MAPS = Set.of("java.util.HashMap", "java.util.LinkedHashMap", "java.util.TreeMap",
            "java.util.concurrent.ConcurrentHashMap", "java.util.concurrent.ConcurrentSkipListMap");

    private JdkTypes() {
    }

    /**
     * @param className a binary class name
     * @return whether a collection of exactly this class is rebuilt as itself ({@link #newCollection})
     */
    static boolean isCollection(String className) {
        return COLLECTIONS.contains(className);
    }

    /**
     * @param className a binary class name
     * @return whether a map of exactly this class is rebuilt as itself ({@link #newMap})
     */
    static boolean isMap(String className) {
        return MAPS.contains(className);
    }

    /**
     * @param className a binary class name
     * @return whether values of exactly this class are written as text
     */
    static boolean isText(String className) {
        return TEXT.contains(className);
    }

    /**
     * @param value a value whose class {@link #isText} is true for
     * @return its text form
     */
    static String format(Object value) {
        return switch (value.getClass().getName()) {
            case "java.util.Date", "java.sql.Date", "java.sql.Time" -> Long.toString(((java.util.Date) value).getTime());
            case "java.sql.Timestamp" -> ((java.sql.Timestamp) value).toInstant().toString();
            case "java.util.Locale" -> ((Locale) value).toLanguageTag();
            default -> value.toString();
        };
    }

    /**
     * @param className a binary class name {@link #isText} is true for
     * @param form the text form {@link #format} wrote
     * @return the value
     * @throws RuntimeException if the text is not a value of the class
     */
    static Object parse(String className, String form) {
        return switch (className) {
            case "java.util.UUID" -> UUID.fromString(form);
            case "java.net.URI" -> URI.create(form);
            case "java.time.Instant" -> Instant.parse(form);
            case "java.time.Duration" -> Duration.parse(form);
            case "java.time.Period" -> Period.parse(form);
            case "java.time.LocalDate" -> LocalDate.parse(form);
            case "java.time.LocalTime" -> LocalTime.parse(form);
            case "java.time.LocalDateTime" -> LocalDateTime.parse(form);
            case "java.time.OffsetDateTime" -> OffsetDateTime.parse(form);
            case "java.time.OffsetTime" -> OffsetTime.parse(form);
            case "java.time.ZonedDateTime" -> ZonedDateTime.parse(form);
            case "java.time.Year" -> Year.parse(form);
            case "java.time.YearMonth" -> YearMonth.parse(form);
            case "java.time.MonthDay" -> MonthDay.parse(form);
            case "java.time.ZoneRegion", "java.time.ZoneOffset" -> ZoneId.of(form);
            case "java.util.Date" -> new java.util.Date(Long.parseLong(form));
            case "java.sql.Date" -> new java.sql.Date(Long.parseLong(form));
            case "java.sql.Time" -> new java.sql.Time(Long.parseLong(form));
            case "java.sql.Timestamp" -> java.sql.Timestamp.from(Instant.parse(form));
            case "java.util.Locale" -> Locale.forLanguageTag(form);
            case "java.util.Currency" -> Currency.getInstance(form);
            default -> throw new IllegalArgumentException("no text form for " + className);
        };
    }

    /**
     * @param className a binary class name
     * @return a new empty collection of that JDK class, or null if it is not one rebuilt as itself
     */
    static @Nullable Collection<Object> newCollection(String className) {
        return switch (className) {
            case "java.util.ArrayList" -> new ArrayList<>();
            case "java.util.LinkedList" -> new LinkedList<>();
            case "java.util.concurrent.CopyOnWriteArrayList" -> new CopyOnWriteArrayList<>();
            case "java.util.ArrayDeque" -> new ArrayDeque<>();
            case "java.util.HashSet" -> new HashSet<>();
            case "java.util.LinkedHashSet" -> new LinkedHashSet<>();
            case "java.util.TreeSet" -> new TreeSet<>();
            case "java.util.concurrent.ConcurrentSkipListSet" -> new ConcurrentSkipListSet<>();
            case "java.util.concurrent.CopyOnWriteArraySet" -> new CopyOnWriteArraySet<>();
            default -> null;
        };
    }

    /**
     * @param className a binary class name
     * @return a new empty map of that JDK class, or null if it is not one rebuilt as itself
     */
    static @Nullable Map<@Nullable Object, @Nullable Object> newMap(String className) {
        return switch (className) {
            case "java.util.HashMap" -> new HashMap<>();
            case "java.util.LinkedHashMap" -> new LinkedHashMap<>();
            case "java.util.TreeMap" -> new TreeMap<>();
            case "java.util.concurrent.ConcurrentHashMap" -> new ConcurrentHashMap<>();
            case "java.util.concurrent.ConcurrentSkipListMap" -> new ConcurrentSkipListMap<>();
            default -> null;
        };
    }
}
