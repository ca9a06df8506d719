package io.managedobjects.demo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Starts the demo: the auto-configured manager forks its server; the scenarios run at startup. */
@SpringBootApplication
public class DemoApplication {

    /**
     * Runs the demo.
     *
     * @param args Spring Boot arguments, e.g. {@code --demo.workers=10}
     */
    public static void main(String[] args) {
        SpringApplication.run(DemoApplication.class, args);
    }
}
