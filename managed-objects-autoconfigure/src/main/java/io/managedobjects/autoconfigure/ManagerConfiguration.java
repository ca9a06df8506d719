package io.managedobjects.autoconfigure;

import io.managedobjects.Manager;
import io.managedobjects.ManagerBuilder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The {@link Manager} bean: connects to {@code managed-objects.address}, or forks a server. */
@Configuration(proxyBeanMethods = false)
class ManagerConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    Manager managedObjectsManager(ManagedObjectsProperties properties, BeanFactory beanFactory) {
        ManagerBuilder builder = Manager.builder().trustedPackages(trustedPackages(properties, beanFactory).toArray(String[]::new));
        String address = properties.getAddress();
        if (address != null) {
            String key = properties.getAuthKey();
            if (key == null || key.isEmpty()) {
                throw new IllegalStateException("managed-objects.address is set but managed-objects.auth-key is not: "
                        + "set the auth key of the server at " + address);
            }
            return builder.address(address).authKey(key.getBytes(StandardCharsets.UTF_8)).connect();
        }
        if (properties.getAuthKey() != null && !properties.getAuthKey().isEmpty()) {
            builder.authKey(properties.getAuthKey().getBytes(StandardCharsets.UTF_8));
        }
        return builder.jvmArgs(properties.getServer().getJvmArgs().toArray(String[]::new))
                .startTimeout(properties.getServer().getStartTimeout())
                .start();
    }

    /** The configured packages plus the application's own (its auto-configuration packages). */
    private static List<String> trustedPackages(ManagedObjectsProperties properties, BeanFactory beanFactory) {
        List<String> packages = new ArrayList<>(properties.getSerialization().getTrustedPackages());
        if (AutoConfigurationPackages.has(beanFactory)) {
            packages.addAll(AutoConfigurationPackages.get(beanFactory));
        }
        return packages;
    }
}
