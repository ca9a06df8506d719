package io.managedobjects.internal;

import java.lang.reflect.Method;

/** The key by which a proxy names a method of a user type and the server finds it. */
public final class Signatures {

    private Signatures() {
    }

    /**
     * The signature of a method.
     *
     * @param method the method
     * @return {@code name(paramType,paramType)} with canonical type names
     */
    public static String of(Method method) {
        StringBuilder key = new StringBuilder(method.getName()).append('(');
        Class<?>[] types = method.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            if (i > 0) {
                key.append(',');
            }
            key.append(types[i].getTypeName());
        }
        return key.append(')').toString();
    }
}
