package io.managedobjects.demo;

import io.managedobjects.Manager;
import io.managedobjects.autoconfigure.ManagedObjectsConnection;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;

/**
 * The managed-objects demo: the auto-configured manager forks its server, the classic scenarios run at
 * startup, then the app serves REST endpoints, the actuator endpoint and a live page of hosted objects.
 */
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

    /**
     * Prints how a second instance joins this one's manager (the key only as a path to its 0600 file).
     *
     * @param manager the manager
     * @param connection the resolved connection settings
     * @return the listener
     */
    @Bean
    ApplicationListener<ApplicationReadyEvent> joinInstructions(Manager manager, ManagedObjectsConnection connection) {
        return event -> {
            String port = event.getApplicationContext().getEnvironment().getProperty("local.server.port", "8080");
            if (connection.generatedKeyFile() != null) {
                System.out.println("== Manager server at " + manager.address() + "; auth key file " + connection.generatedKeyFile());
                System.out.println("== Join from a second instance: java -jar demo-app/target/demo-app-0.1.0-SNAPSHOT.jar"
                        + " --managed-objects.mode=client --managed-objects.address=" + manager.address()
                        + " --managed-objects.auth-key-file=" + connection.generatedKeyFile() + " --server.port=8081");
            } else {
                System.out.println("== Joined the manager at " + manager.address() + ": " + manager.info().objects().size()
                        + " objects hosted, scores " + manager.map("scores"));
            }
            System.out.println("== Live page: http://localhost:" + port + "/   actuator: http://localhost:" + port
                    + "/actuator/managed-objects");
        };
    }
}
