package io.managedobjects.autoconfigure.app;

import io.managedobjects.SharedMap;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * A small Spring Boot application for tests; its main method runs in a second JVM as a client that
 * reads what the first wrote and writes back.
 */
@SpringBootApplication
public class TestApplication {

    @Bean
    TallyUser tallyUser(SharedMap<String, Integer> scores, Tally tally) {
        return new TallyUser(scores, tally);
    }

    public static void main(String[] args) {
        try (ConfigurableApplicationContext context = new SpringApplication(TestApplication.class).run(args)) {
            TallyUser user = context.getBean(TallyUser.class);
            System.out.println("client saw scores " + user.scores + " and tally " + user.tally.count());
            user.scores.put("from-client", 2);
            user.tally.add(10);
        }
    }
}
