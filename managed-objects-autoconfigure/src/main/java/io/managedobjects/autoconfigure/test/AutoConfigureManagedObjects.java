package io.managedobjects.autoconfigure.test;

import io.managedobjects.autoconfigure.ManagedObjectsProperties.Mode;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.PropertyMapping;

/**
 * Runs managed-objects for a test: by default the manager server is embedded in the test JVM, on a Unix
 * socket in a fresh private directory, so that no server process is forked per cached application context
 * and every context gets its own, empty server. Use it on a {@code @SpringBootTest} (or a test slice) that
 * injects shared objects; a {@code @MockitoBean SharedMap<String, Integer> scores} in the test replaces the
 * shared proxy at every injection point of that type.
 *
 * <pre>
 * &#64;SpringBootTest
 * &#64;AutoConfigureManagedObjects
 * class ScoreServiceTests { ... }
 * </pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
@PropertyMapping("managed-objects")
public @interface AutoConfigureManagedObjects {

    /**
     * Where the server runs for the test ({@code managed-objects.mode}).
     *
     * @return the mode; {@link Mode#EMBEDDED} by default
     */
    Mode mode() default Mode.EMBEDDED;

    /**
     * The server's address for the test ({@code managed-objects.address}); empty for a Unix socket in a fresh
     * private directory, whatever the application's properties say.
     *
     * @return the address, or empty
     */
    String address() default "";

    /**
     * The SSL bundle for the test ({@code managed-objects.ssl.bundle}); empty for none, whatever the application's
     * properties say (the test's server listens on a Unix socket, which TLS does not apply to).
     *
     * @return the bundle name, or empty
     */
    @PropertyMapping("ssl.bundle")
    String sslBundle() default "";
}
