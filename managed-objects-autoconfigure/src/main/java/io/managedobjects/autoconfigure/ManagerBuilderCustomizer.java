package io.managedobjects.autoconfigure;

import io.managedobjects.ManagerBuilder;

/**
 * Customizes the {@link ManagerBuilder} of the auto-configured {@code Manager}, after the
 * {@code managed-objects.*} properties were applied and before the manager starts or connects: what a
 * property does not offer (a call observer, a frame limit, more registered types...). Beans of this type are
 * applied in their {@link org.springframework.core.Ordered order}.
 */
@FunctionalInterface
public interface ManagerBuilderCustomizer {

    /**
     * Customizes the builder.
     *
     * @param builder the builder, with the properties applied
     */
    void customize(ManagerBuilder builder);
}
