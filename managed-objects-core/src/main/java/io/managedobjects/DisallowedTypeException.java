package io.managedobjects;

/**
 * A value's class may not cross the process boundary: it is neither a JDK value type, a collection,
 * nor a record, enum or class of a trusted package or a registered type. The message names the class
 * and the setting that trusts it ({@code Manager.builder().trustedPackages(...)} or the Spring property
 * {@code managed-objects.serialization.trusted-packages}).
 */
public class DisallowedTypeException extends ManagerException {

    private static final long serialVersionUID = 1L;

    private final String typeName;

    /**
     * Creates an exception.
     *
     * @param typeName the refused class
     * @param message the full explanation
     */
    public DisallowedTypeException(String typeName, String message) {
        super(message);
        this.typeName = typeName;
    }

    /**
     * Rebuilds the exception from its message, as when it crosses the wire from the server.
     *
     * @param message the full explanation, starting {@code "Class <name> "}
     */
    public DisallowedTypeException(String message) {
        super(message);
        String[] words = message.split(" ", 3);
        this.typeName = words.length > 1 && "Class".equals(words[0]) ? words[1] : "unknown";
    }

    /**
     * The refused class.
     *
     * @return its fully qualified name
     */
    public String typeName() {
        return typeName;
    }
}
