package io.managedobjects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** No orphans: servers and children die with their parent; a dead server fails calls fast. */
class ProcessLifecycleTest {

    final List<Long> pidsToKill = new ArrayList<>();

    @AfterEach
    void killEverythingStarted() {
        pidsToKill.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    /**
     * A parent JVM: forks a server, starts a child that never ends, waits for the spare child JVM started after it
     * to connect, prints the three pids, waits forever.
     */
    public static final class ParentMain {
        public static void main(String[] args) throws Exception {
            Manager manager = Manager.start();
            ManagedProcess child = manager.process(SleepForever.class).start();
            long spare = ManagedProcessTest.awaitSpare(manager, child.pid());
            System.out.println("pids " + manager.info().server().pid() + " " + child.pid() + " " + spare);
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait to be killed
            }
        }
    }

    /** Blocks forever. */
    public static class SleepForever implements ProcessTask {
        @Override
        public void run(Object... args) throws InterruptedException {
            new java.util.concurrent.CountDownLatch(1).await();
        }
    }

    @Test
    void forkedServerChildProcessesAndTheSpareChildExitWhenTheirParentIsKilled() throws Exception {
        Process parent = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ParentMain.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        pidsToKill.add(parent.pid());
        String line;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream()))) {
            line = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> readPids(out));
        }
        String[] parts = line.split(" ");
        long serverPid = Long.parseLong(parts[1]);
        long childPid = Long.parseLong(parts[2]);
        long sparePid = Long.parseLong(parts[3]);
        pidsToKill.add(serverPid);
        pidsToKill.add(childPid);
        pidsToKill.add(sparePid);
        ProcessHandle server = ProcessHandle.of(serverPid).orElseThrow();
        ProcessHandle child = ProcessHandle.of(childPid).orElseThrow();
        ProcessHandle spare = ProcessHandle.of(sparePid).orElseThrow();

        parent.destroyForcibly();
        assertThat(parent.waitFor(10, TimeUnit.SECONDS)).isTrue();

        server.onExit().get(5, TimeUnit.SECONDS);
        child.onExit().get(5, TimeUnit.SECONDS);
        spare.onExit().get(5, TimeUnit.SECONDS);
        assertThat(server.isAlive()).isFalse();
        assertThat(child.isAlive()).isFalse();
        assertThat(spare.isAlive()).isFalse();
    }

    private static String readPids(BufferedReader out) throws IOException {
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("pids ")) {
                return line;
            }
        }
        throw new IOException("the parent exited before printing its pids");
    }

    @Test
    void callsFailFastWithManagerConnectionExceptionOnceTheServerIsKilled() throws Exception {
        try (Manager manager = Manager.start()) {
            SharedMap<String, Integer> map = manager.map();
            map.put("a", 1);
            ProcessHandle server = ProcessHandle.of(manager.info().server().pid()).orElseThrow();
            pidsToKill.add(server.pid());

            server.destroyForcibly();
            server.onExit().get(10, TimeUnit.SECONDS);

            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
                assertThatThrownBy(() -> map.put("b", 2)).isInstanceOf(ManagerConnectionException.class)
                        .hasMessageContaining("manager server");
                assertThatThrownBy(() -> map.get("a")).isInstanceOf(ManagerConnectionException.class);
                assertThatThrownBy(manager::list).isInstanceOf(ManagerConnectionException.class);
            });
        }
    }

    @Test
    void closingTheOwnerStopsTheServerProcess() throws Exception {
        Manager manager = Manager.start();
        SharedList<String> list = manager.list();
        list.add("x");
        ProcessHandle server = ProcessHandle.of(manager.info().server().pid()).orElseThrow();
        pidsToKill.add(server.pid());

        manager.close();

        assertThat(server.isAlive()).isFalse();
        assertThatThrownBy(() -> list.add("y")).isInstanceOf(ManagerConnectionException.class).hasMessageContaining("closed");
    }
}
