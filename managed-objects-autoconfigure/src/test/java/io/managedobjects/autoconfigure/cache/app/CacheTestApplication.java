package io.managedobjects.autoconfigure.cache.app;

import java.util.Map;
import java.util.Objects;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * A small Spring Boot application with shared caches. Its main method runs in a second JVM as a client of the
 * first one's server: it reads what the first cached, then evicts and clears entries for the first to notice.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableCaching
public class CacheTestApplication {

    @Bean
    SquareService squareService() {
        return new SquareService();
    }

    /** @return the application, without banner or web server, with the shared caches enabled */
    public static SpringApplication application() {
        SpringApplication application = new SpringApplication(CacheTestApplication.class);
        application.setDefaultProperties(Map.of("spring.main.banner-mode", "off", "spring.main.web-application-type", "none",
                "managed-objects.cache.enabled", "true"));
        return application;
    }

    /**
     * Runs as the second application: prints what it finds in the caches and how many values it computed.
     *
     * @param args the connection settings of the first application's server
     */
    public static void main(String[] args) {
        try (ConfigurableApplicationContext context = application().run(args)) {
            SquareService squares = context.getBean(SquareService.class);
            CacheManager cacheManager = context.getBean(CacheManager.class);
            System.out.println("client: cache manager " + cacheManager.getClass().getSimpleName());
            Square seven = squares.square(7);
            String bob = squares.nickname("bob");
            System.out.println("client: square(7)=" + seven + " nickname(bob)=" + bob + " computations=" + squares.computations());
            squares.forget(7);
            Objects.requireNonNull(cacheManager.getCache("nicknames"), "the nicknames cache").clear();
            Square nine = squares.square(9);
            System.out.println("client: square(9)=" + nine + " computations=" + squares.computations());
        }
    }
}
