package io.managedobjects.autoconfigure;

import io.managedobjects.ManagerBuilder;

/**
 * Customizes the {@link ManagerBuilder} of the auto-configured {@code Manager}, after the
 * {@code managed-objects.*} properties were applied and before the manager starts or connects: what a
 * property does not offer (a frame limit, the number of connections...). Registered types and JVM options reach a
 * server only in fork mode (embedded: define your own {@code ManagerServer} bean; types: {@code managed-objects.types}).
 * To observe calls, declare {@code CallObserver} beans: {@code builder.callObserver(...)} here replaces them, the
 * call metrics included. Beans of this type are applied in their {@link org.springframework.core.Ordered order}.
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
