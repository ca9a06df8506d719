package io.managedobjects.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedobjects.Manager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "demo.workers=4")
@ExtendWith(OutputCaptureExtension.class)
class DemoApplicationTest {

    @LocalServerPort
    int port;

    @Autowired
    Manager manager;

    private String get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void theFourClassicScenariosPrintTheirTutorialOutput(CapturedOutput output) {
        assertThat(output.getOut())
                .contains("List: 4")
                .contains("Main After: {a=1, b=2, c=3}")
                .contains("Main After: {a=0, b=0, c=0}")
                .contains("After the child mutated its copy: items=[]")
                .contains("After the child assigned it back: items=[x]")
                .contains("After the child appended to a nested shared list: shared=[y]")
                .contains("Storage: 5 tuples");
    }

    @Test
    void thePoolScenarioRanEveryItemOnceInTwoWorkerProcesses(CapturedOutput output) {
        Pattern entry = Pattern.compile("pid (\\d+) item (\\d+)");
        List<Integer> items = new ArrayList<>();
        Set<Long> pids = new TreeSet<>();
        for (String appended : List.copyOf(manager.<String>list("scenario-5-list"))) {
            Matcher matcher = entry.matcher(appended);
            assertThat(matcher.matches()).as(appended).isTrue();
            pids.add(Long.parseLong(matcher.group(1)));
            items.add(Integer.parseInt(matcher.group(2)));
        }
        assertThat(items).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(pids).hasSize(2).doesNotContain(ProcessHandle.current().pid(), manager.info().server().pid());
        assertThat(manager.info().objects()).filteredOn(o -> "scenario-5-pool".equals(o.name())).singleElement()
                .satisfies(pool -> assertThat(((Number) pool.state().get("completed")).longValue()).isGreaterThanOrEqualTo(8));
        assertThat(output.getOut())
                .contains("Items: [0, 1, 2, 3, 4, 5, 6, 7]")
                .contains("Queue: 8 results [0, 1, 4, 9, 16, 25, 36, 49], 0 left");
    }

    @Test
    void restEndpointsChangeSharedObjectsAndTheActuatorListsThem() throws Exception {
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/scores/ann?points=3"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(get("/api/scores")).contains("\"ann\":3");
        assertThat(get("/actuator/managed-objects")).contains("\"objects\"").contains("\"connections\"").contains("scores");
        assertThat(get("/actuator/health")).contains("managedObjects").contains("UP");
        assertThat(get("/")).contains("managed-objects demo");
    }
}
