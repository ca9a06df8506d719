package io.managedobjects.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * The managed-objects settings cannot work; the failure analyzer reports which property to set.
 */
public class ManagedObjectsConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String action;

    /**
     * Creates an exception.
     *
     * @param description what is wrong
     * @param action what to set or change
     * @param cause the underlying failure, if any
     */
    public ManagedObjectsConfigurationException(String description, String action, @Nullable Throwable cause) {
        super(description, cause);
        this.action = action;
    }

    /**
     * What to do about it.
     *
     * @return the action, naming the property to set
     */
    public String getAction() {
        return action;
    }
}
