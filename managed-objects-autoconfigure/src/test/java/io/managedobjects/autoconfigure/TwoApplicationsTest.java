package io.managedobjects.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedobjects.autoconfigure.app.TestApplication;
import io.managedobjects.autoconfigure.app.TallyUser;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** Two Spring Boot applications in two JVMs share a named map and a @ManagedObject bean. */
class TwoApplicationsTest {

    @Test
    void aClientApplicationInAnotherJvmSeesAndChangesWhatTheFirstWrote() throws Exception {
        SpringApplication first = new SpringApplication(TestApplication.class);
        first.setDefaultProperties(java.util.Map.of("spring.main.banner-mode", "off", "spring.main.web-application-type", "none"));
        try (ConfigurableApplicationContext context = first.run()) {
            TallyUser user = context.getBean(TallyUser.class);
            user.scores.put("from-first", 1);
            user.tally.add(5);
            ManagedObjectsConnection connection = context.getBean(ManagedObjectsConnection.class);
            String address = context.getBean(io.managedobjects.Manager.class).address();
            Path keyFile = connection.generatedKeyFile();

            String printed = SecondJvm.run(List.of(), TestApplication.class, "--spring.main.banner-mode=off",
                    "--spring.main.web-application-type=none", "--managed-objects.mode=client", "--managed-objects.address=" + address,
                    "--managed-objects.auth-key-file=" + keyFile);
            assertThat(printed).contains("client saw scores {from-first=1} and tally 5");
            assertThat(user.scores).containsEntry("from-client", 2);
            assertThat(user.tally.count()).isEqualTo(15);
        }
    }
}
