package io.managedobjects.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedobjects.Manager;
import io.managedobjects.SharedMap;
import io.managedobjects.autoconfigure.app.Order;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** A JavaBean of the application's own package is stored in an injected shared map and read back as itself. */
class PlainValuesInSpringTest {

    @Configuration(proxyBeanMethods = false)
    @AutoConfigurationPackage(basePackages = "io.managedobjects.autoconfigure.app")
    static class InApplicationPackage {
    }

    @ParameterizedTest
    @ValueSource(strings = {"fork", "embedded"})
    void anApplicationsOwnJavaBeanIsStoredAsItself(String mode) {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ManagedObjectsAutoConfiguration.class))
                .withUserConfiguration(InApplicationPackage.class)
                .withPropertyValues("managed-objects.mode=" + mode)
                .run(context -> {
                    SharedMap<String, Order> orders = context.getBean(Manager.class).map("orders");
                    Order order = new Order();
                    order.setCustomer("ann");
                    order.setTotal(new BigDecimal("12.30"));
                    order.getLines().addAll(List.of("tea", "cake"));
                    orders.put("o-1", order);
                    assertThat(orders.get("o-1")).isExactlyInstanceOf(Order.class).isEqualTo(order);
                });
    }
}
