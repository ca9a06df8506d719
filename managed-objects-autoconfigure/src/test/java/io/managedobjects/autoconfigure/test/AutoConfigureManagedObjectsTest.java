package io.managedobjects.autoconfigure.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.managedobjects.Manager;
import io.managedobjects.ManagerServer;
import io.managedobjects.SharedMap;
import io.managedobjects.autoconfigure.app.TallyUser;
import io.managedobjects.autoconfigure.app.TestApplication;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/** The test annotation runs the server in the test JVM, on a private socket, whatever the application configures. */
@SpringBootTest(classes = TestApplication.class, properties = { "spring.main.web-application-type=none",
        "managed-objects.mode=fork", "managed-objects.address=tcp://127.0.0.1:1" })
@AutoConfigureManagedObjects
class AutoConfigureManagedObjectsTest {

    @Autowired
    Manager manager;

    @Autowired
    ManagerServer server;

    @Autowired
    TallyUser user;

    @Test
    void theServerRunsInTheTestJvmOnAPrivateSocketWhateverTheApplicationConfigures() {
        assertThat(manager.info().server().pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(server.address()).startsWith("unix:");
        user.scores.put("in-test", 1);
        assertThat(manager.<String, Integer>map("scores")).containsEntry("in-test", 1);
    }
}
