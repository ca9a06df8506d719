package io.managedobjects.internal.codec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.managedobjects.DisallowedTypeException;
import io.managedobjects.UnreadableValueException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How an instance of a trusted class (not a record, enum or collection) crosses the boundary: its
 * state is its instance fields (those of its superclasses included; {@code static} and
 * {@code transient} ones left out), each written as a value of its own, so nested values keep their
 * concrete classes and shared objects inside stay references. It is rebuilt through a no-arg
 * constructor (any visibility), or else through the one constructor whose parameters name its fields
 * ({@code @JsonCreator} or {@code @ConstructorProperties}, parameter names compiled with
 * {@code -parameters}, or parameters that match the fields by type); fields the constructor does not
 * take are then set. A class that cannot be rebuilt so is refused before anything is sent.
 */
final class ObjectShape {

    private static final ClassValue<ObjectShape> SHAPES = new ClassValue<>() {
        @Override
        protected ObjectShape computeValue(Class<?> type) {
            return new ObjectShape(type);
        }
    };

    private final Class<?> type;
    private final Field[] fields;
    private final String[] names;
    private final Map<String, Integer> indexByName = new HashMap<>();
    private final @Nullable String problem;
    private @Nullable Constructor<?> constructor;
    /** For each constructor parameter, the index of the field it takes. */
    private int[] parameterFields = new int[0];

    private ObjectShape(Class<?> type) {
        this.type = type;
        List<Field> found = new ArrayList<>();
        String why = structuralProblem(type, found);
        this.fields = found.toArray(Field[]::new);
        this.names = new String[fields.length];
        for (int i = 0; i < fields.length; i++) {
            String name = fields[i].getName();
            if (indexByName.containsKey(name)) {
                name = fields[i].getDeclaringClass().getSimpleName() + "." + name;
            }
            names[i] = name;
            indexByName.put(name, i);
        }
        if (why == null) {
            why = chooseConstructor();
        }
        this.problem = why;
    }

    /**
     * The shape of a class.
     *
     * @param type a trusted, concrete class that is not a record, enum, array or collection
     * @return its shape
     */
    static ObjectShape of(Class<?> type) {
        return SHAPES.get(type);
    }

    /**
     * Fails if instances of this class cannot be rebuilt on the other side.
     *
     * @throws DisallowedTypeException naming the class and what to change
     */
    void checkRebuildable() {
        if (problem != null) {
            throw new DisallowedTypeException(type.getName(), "Class " + type.getName() + " cannot be rebuilt on the other side: "
                    + problem + ". Give it a no-arg constructor (any visibility), make it a record, or mark the constructor "
                    + "that takes its fields @JsonCreator (with parameter names: @JsonProperty, or compile with -parameters)");
        }
    }

    /** @return the number of fields written */
    int size() {
        return fields.length;
    }

    /** @return the wire name of field {@code i} */
    String name(int i) {
        return names[i];
    }

    /** @return the current value of field {@code i} of an instance */
    @Nullable Object get(Object instance, int i) {
        try {
            return fields[i].get(instance);
        } catch (IllegalAccessException e) {
            throw new DisallowedTypeException(type.getName(), "Class " + type.getName() + " cannot be read: field "
                    + names[i] + " is not accessible (" + e.getMessage() + ")");
        }
    }

    /**
     * Visits the field values of an instance (for the collector's walk).
     *
     * @param instance an instance of this class
     * @param visitor receives each value
     */
    void forEachValue(Object instance, java.util.function.Consumer<@Nullable Object> visitor) {
        for (int i = 0; i < fields.length; i++) {
            visitor.accept(get(instance, i));
        }
    }

    /**
     * The index of a field by its wire name.
     *
     * @param name the name read from the wire
     * @return the index
     * @throws UnreadableValueException if this side's class has no such field
     */
    int index(String name) {
        Integer index = indexByName.get(name);
        if (index == null) {
            throw new UnreadableValueException("Class " + type.getName() + " in this process has no field '" + name
                    + "' that the sender's has: every process needs the same version of the class");
        }
        return index;
    }

    /**
     * Builds an instance from field values read off the wire.
     *
     * @param values one slot per field, in field order
     * @param present which slots were read
     * @param refs fits references into the declared types of fields and parameters
     * @return the instance
     */
    Object build(@Nullable Object[] values, boolean[] present, RefResolver refs) {
        checkRebuildable();
        Constructor<?> chosen = constructor;
        Object instance;
        try {
            Class<?>[] types = chosen.getParameterTypes();
            Object[] args = new Object[types.length];
            for (int p = 0; p < types.length; p++) {
                int f = parameterFields[p];
                args[p] = fit(types[p], values[f], refs, "constructor parameter " + p + " (" + names[f] + ")");
            }
            instance = chosen.newInstance(args);
        } catch (InvocationTargetException e) {
            throw new UnreadableValueException("Class " + type.getName() + " rejected the values it was sent: its constructor threw "
                    + e.getCause());
        } catch (ReflectiveOperationException | IllegalArgumentException e) {
            throw new UnreadableValueException("Class " + type.getName() + " cannot be instantiated: " + e);
        }
        // every field sent is set as the sender had it, also those the constructor took: a constructor
        // matched by position or type, or one that sets a shadowing field, must not change the state
        for (int i = 0; i < fields.length; i++) {
            if (present[i]) {
                try {
                    fields[i].set(instance, fit(fields[i].getType(), values[i], refs, "field " + names[i]));
                } catch (IllegalAccessException | IllegalArgumentException e) {
                    throw new UnreadableValueException("Class " + type.getName() + ": field " + names[i] + " cannot be set ("
                            + e.getMessage() + ")");
                }
            }
        }
        return instance;
    }

    private @Nullable Object fit(Class<?> declared, @Nullable Object value, RefResolver refs, String where) {
        if (value == null) {
            return declared.isPrimitive() ? zero(declared) : null;
        }
        Object fitted = declared.isInstance(value) ? value : refs.fit(value, declared);
        if (declared.isPrimitive()) {
            fitted = Conversions.toPrimitive(declared, fitted);
            if (!Conversions.box(declared).isInstance(fitted)) {
                throw mismatch(declared, value, where);
            }
        } else if (!declared.isInstance(fitted)) {
            throw mismatch(declared, value, where);
        }
        return fitted;
    }

    private UnreadableValueException mismatch(Class<?> declared, Object value, String where) {
        return new UnreadableValueException("Class " + type.getName() + ": " + where + " is a " + declared.getName()
                + " in this process, but the sender's holds a " + value.getClass().getName()
                + ": every process needs the same version of the class");
    }

    private static Object zero(Class<?> primitive) {
        return java.lang.reflect.Array.get(java.lang.reflect.Array.newInstance(primitive, 1), 0);
    }

    private static @Nullable String structuralProblem(Class<?> type, List<Field> found) {
        if (type.isAnonymousClass() || type.isLocalClass() || type.isSynthetic() || type.isHidden()) {
            return "it is an anonymous or local class, or a lambda";
        }
        if (Modifier.isAbstract(type.getModifiers())) {
            return "it is abstract";
        }
        if (type.isMemberClass() && !Modifier.isStatic(type.getModifiers())) {
            return "it is an inner class, which needs an instance of " + type.getEnclosingClass().getName() + " (make it static)";
        }
        List<Class<?>> hierarchy = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            hierarchy.add(0, c);
        }
        for (Class<?> c : hierarchy) {
            for (Field field : c.getDeclaredFields()) {
                int modifiers = field.getModifiers();
                if (Modifier.isStatic(modifiers) || Modifier.isTransient(modifiers) || field.isSynthetic()) {
                    continue;
                }
                if (c.getName().startsWith("java.") || c.getName().startsWith("javax.")) {
                    return "it extends " + c.getName() + ", whose state cannot be read";
                }
                if (!field.trySetAccessible()) {
                    return "field " + field.getName() + " of " + c.getName() + " is not accessible (open its package to managed-objects)";
                }
                found.add(field);
            }
        }
        return null;
    }

    /** Picks how instances are rebuilt; returns the problem if none fits. */
    private @Nullable String chooseConstructor() {
        Constructor<?>[] all = type.getDeclaredConstructors();
        for (Constructor<?> c : all) {
            if (isCreator(c)) {
                return use(c, "its @JsonCreator constructor");
            }
        }
        for (Constructor<?> c : all) {
            if (c.getParameterCount() == 0) {
                return use(c, "its no-arg constructor");
            }
        }
        List<Constructor<?>> candidates = new ArrayList<>();
        for (Constructor<?> c : all) {
            if (Modifier.isPublic(c.getModifiers())) {
                candidates.add(c);
            }
        }
        if (candidates.isEmpty() && all.length == 1) {
            candidates.add(all[0]);
        }
        String last = "it has no no-arg constructor and several constructors";
        for (Constructor<?> c : candidates) {
            int[] mapping = mapParameters(c);
            if (mapping != null) {
                return accept(c, mapping);
            }
            last = "it has no no-arg constructor, and the parameters of " + c.toGenericString()
                    + " cannot be matched to its fields";
        }
        return last;
    }

    private static boolean isCreator(Constructor<?> c) {
        JsonCreator creator = c.getAnnotation(JsonCreator.class);
        return creator != null && creator.mode() != JsonCreator.Mode.DISABLED || annotation(c, "java.beans.ConstructorProperties") != null;
    }

    private @Nullable String use(Constructor<?> c, String what) {
        int[] mapping = mapParameters(c);
        if (mapping == null) {
            return "the parameters of " + what + " cannot be matched to its fields";
        }
        return accept(c, mapping);
    }

    private @Nullable String accept(Constructor<?> c, int[] mapping) {
        if (!c.trySetAccessible()) {
            return "its constructor " + c.toGenericString() + " is not accessible";
        }
        constructor = c;
        parameterFields = mapping;
        return null;
    }

    /** Maps each parameter to a field: by name where names are known, else by position or by type. */
    private int @Nullable [] mapParameters(Constructor<?> c) {
        Parameter[] parameters = c.getParameters();
        if (parameters.length == 0) {
            return new int[0];
        }
        String[] parameterNames = parameterNames(c);
        if (parameterNames != null) {
            int[] mapping = new int[parameters.length];
            for (int p = 0; p < parameters.length; p++) {
                Integer f = indexByName.get(parameterNames[p]);
                if (f == null || !Conversions.box(parameters[p].getType()).isAssignableFrom(Conversions.box(fields[f].getType()))) {
                    return null;
                }
                mapping[p] = f;
            }
            return distinct(mapping);
        }
        int[] byPosition = byPosition(parameters, 0);
        if (byPosition == null) {
            byPosition = byPosition(parameters, fields.length - parameters.length);
        }
        return byPosition != null ? byPosition : byType(parameters);
    }

    private int @Nullable [] byPosition(Parameter[] parameters, int offset) {
        if (offset < 0 || offset + parameters.length > fields.length) {
            return null;
        }
        int[] mapping = new int[parameters.length];
        for (int p = 0; p < parameters.length; p++) {
            if (parameters[p].getType() != fields[offset + p].getType()) {
                return null;
            }
            mapping[p] = offset + p;
        }
        return mapping;
    }

    private int @Nullable [] byType(Parameter[] parameters) {
        int[] mapping = new int[parameters.length];
        for (int p = 0; p < parameters.length; p++) {
            int match = -1;
            for (int f = 0; f < fields.length; f++) {
                if (fields[f].getType() == parameters[p].getType()) {
                    if (match >= 0) {
                        return null;
                    }
                    match = f;
                }
            }
            if (match < 0) {
                return null;
            }
            mapping[p] = match;
        }
        return distinct(mapping);
    }

    private static int @Nullable [] distinct(int[] mapping) {
        return Arrays.stream(mapping).distinct().count() == mapping.length ? mapping : null;
    }

    /** Parameter names from annotations or the class file, or null when unknown. */
    private static String @Nullable [] parameterNames(Constructor<?> c) {
        Annotation properties = annotation(c, "java.beans.ConstructorProperties");
        if (properties != null) {
            try {
                Method value = properties.annotationType().getMethod("value");
                String[] names = (String[]) value.invoke(properties);
                return names.length == c.getParameterCount() ? names : null;
            } catch (ReflectiveOperationException e) {
                return null;
            }
        }
        Parameter[] parameters = c.getParameters();
        String[] names = new String[parameters.length];
        for (int p = 0; p < parameters.length; p++) {
            JsonProperty property = parameters[p].getAnnotation(JsonProperty.class);
            if (property != null && !property.value().isEmpty()) {
                names[p] = property.value();
            } else if (parameters[p].isNamePresent()) {
                names[p] = parameters[p].getName();
            } else {
                return null;
            }
        }
        return names;
    }

    private static @Nullable Annotation annotation(Constructor<?> c, String name) {
        for (Annotation annotation : c.getAnnotations()) {
            if (annotation.annotationType().getName().equals(name)) {
                return annotation;
            }
        }
        return null;
    }
}
