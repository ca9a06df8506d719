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

/** With the test annotation, a @MockitoBean of a shared type replaces the shared proxy at every injection point. */
@SpringBootTest(classes = TestApplication.class, properties = "spring.main.web-application-type=none")
@AutoConfigureManagedObjects
class MockitoBeanOfASharedTypeTest {

    @MockitoBean
    SharedMap<String, Integer> scores;

    @Autowired
    TallyUser user;

    @Test
    void aMockitoBeanOfASharedTypeReplacesTheSharedProxyAtEveryInjectionPoint() {
        assertThat(Mockito.mockingDetails(user.scores).isMock()).isTrue();
        assertThat(user.scores).isSameAs(scores);
        assertThat(user.viaSetter).isSameAs(scores);
        when(scores.get(any())).thenReturn(42);
        assertThat(user.scores.get("anyone")).isEqualTo(42);
        verify(scores).get("anyone");
        // the other shared objects are still real proxies
        assertThat(Mockito.mockingDetails(user.hits).isMock()).isFalse();
        user.hits.incrementAndGet();
    }
}
