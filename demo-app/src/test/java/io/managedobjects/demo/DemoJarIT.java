package io.managedobjects.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The packaged demo jar, end to end: started as a process (forking its server and workers from inside
 * a Spring Boot executable jar), its console, REST endpoints, actuator, a second instance joining as a
 * client, and the web page in headless Chromium.
 */
class DemoJarIT {

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopEverything() throws InterruptedException {
        for (Process process : started) {
            process.destroy();
        }
        for (Process process : started) {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }
    }

    /** A running demo instance and everything it printed so far. */
    private record Instance(Process process, List<String> lines) {
        String output() {
            return String.join("\n", lines);
        }

        String awaitLine(String pattern) {
            Pattern regex = Pattern.compile(pattern);
            Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
            synchronized (lines) {
                while (true) {
                    for (String line : lines) {
                        Matcher matcher = regex.matcher(line);
                        if (matcher.find()) {
                            return matcher.groupCount() > 0 ? matcher.group(1) : line;
                        }
                    }
                    if (!process.isAlive()) {
                        throw new AssertionError("The demo exited with " + process.exitValue() + ":\n" + output());
                    }
                    long left = Duration.between(Instant.now(), deadline).toMillis();
                    if (left <= 0) {
                        throw new AssertionError("No line matching " + pattern + " within 4 minutes:\n" + output());
                    }
                    try {
                        lines.wait(Math.min(left, 1000));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new AssertionError(e);
                    }
                }
            }
        }
    }

    private Instance start(String... args) throws IOException {
        String jar = System.getProperty("demo.jar");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar, "--server.port=0", "--spring.main.banner-mode=off"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        started.add(process);
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    synchronized (lines) {
                        lines.add(line);
                        lines.notifyAll();
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        return new Instance(process, lines);
    }

    private static String http(String method, String url) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        request = "POST".equals(method) ? request.POST(HttpRequest.BodyPublishers.noBody()) : request.GET();
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void thePackagedDemoRunsTheScenariosServesItsEndpointsAndAcceptsASecondInstance() throws Exception {
        Instance first = start("--demo.workers=10");
        String port = first.awaitLine("Live page: http://localhost:(\\d+)/");
        String output = first.output();
        assertThat(output).contains("List: 10")
                .contains("Main After: {a=1, b=2, c=3}")
                .contains("Main After: {a=0, b=0, c=0}")
                .contains("After the child mutated its copy: items=[]")
                .contains("After the child assigned it back: items=[x]")
                .contains("After the child appended to a nested shared list: shared=[y]")
                .contains("Storage: 5 tuples")
                .contains("Items: [0, 1, 2, 3, 4, 5, 6, 7]")
                .contains("Queue: 8 results [0, 1, 4, 9, 16, 25, 36, 49], 0 left");
        Matcher pool = Pattern.compile("Pool worker pids: \\[(\\d+), (\\d+)\\] \\(app pid \\d+, server pid (\\d+)\\)").matcher(output);
        assertThat(pool.find()).as(output).isTrue();
        assertThat(List.of(pool.group(1), pool.group(2))).doesNotContain(String.valueOf(first.process().pid()), pool.group(3));

        String base = "http://localhost:" + port;
        assertThat(http("POST", base + "/api/scores/ann?points=3")).contains("\"score\":3");
        assertThat(http("GET", base + "/api/scores")).contains("\"ann\":3");
        String actuator = http("GET", base + "/actuator/managed-objects");
        assertThat(actuator).contains("\"server\"").contains("\"objects\"").contains("\"connections\"")
                .contains("scenario-1-list").contains("scenario-5-list").contains("\"scores\"")
                .contains("scenario-5-pool").contains("\"workers\"").contains("\"completed\"");
        assertThat(http("GET", base + "/actuator/health")).contains("\"managedObjects\"").contains("\"UP\"");

        String address = first.awaitLine("Manager server at (\\S+);");
        String keyFile = first.awaitLine("auth key file (\\S+)");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(keyFile)))).isEqualTo("rw-------");
        Instance second = start("--managed-objects.mode=client", "--managed-objects.address=" + address,
                "--managed-objects.auth-key-file=" + keyFile);
        String secondPort = second.awaitLine("Live page: http://localhost:(\\d+)/");
        assertThat(second.output()).contains("Joined the manager at " + address).doesNotContain("List: ");
        assertThat(http("GET", "http://localhost:" + secondPort + "/api/scores")).contains("\"ann\":3");
        http("POST", "http://localhost:" + secondPort + "/api/scores/bob?points=2");
        assertThat(http("GET", base + "/api/scores")).contains("\"bob\":2");

        browserSeesTheHostedObjects(base);
    }

    private void browserSeesTheHostedObjects(String base) throws Exception {
        Path chromium = Path.of("/usr/bin/chromium");
        Assumptions.assumeTrue(Files.isExecutable(chromium),
                "Skipping the browser check: Chromium is not installed (apt-get install chromium; .ci/run installs it)");
        Path profile = Files.createTempDirectory("demo-chromium-");
        Process browser = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--virtual-time-budget=10000", "--dump-dom", base + "/")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        started.add(browser);
        String dom = new String(browser.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(browser.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(dom).contains("managed-objects demo").contains("scenario-1-list").contains("scores").contains("scenario-5-pool")
                .contains("class=\"row\"");
    }
}
