package io.managedobjects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A call observer is told when each call starts and when it ends, on the calling thread. */
class CallObserverTest {

    static final byte[] KEY = "call-observer-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    final ManagerServer server = ManagerServer.builder().authKey(KEY).build().start();
    final List<String> seen = new CopyOnWriteArrayList<>();
    final Thread testThread = Thread.currentThread();

    @AfterEach
    void stop() {
        server.close();
    }

    Manager connect() {
        return Manager.builder().address(server.address()).authKey(KEY).callObserver(new CallObserver() {
            @Override
            public void onCall(CallEvent event) {
                seen.add("plain " + event.operation());
            }

            @Override
            public Completion callStarted(String type, String operation, String objectName) {
                Thread caller = Thread.currentThread();
                if (caller != testThread) {
                    // the manager's own threads (releases, heartbeats) call too
                    return event -> {
                    };
                }
                seen.add("start " + type + " " + operation + " " + objectName);
                return event -> seen.add("end " + event.type() + " " + event.operation() + " " + event.outcome()
                        + (Thread.currentThread() == caller ? " same-thread" : " other-thread"));
            }
        }).connect();
    }

    @Test
    void everyCallIsWrappedByItsStartAndItsCompletion() {
        try (Manager manager = connect()) {
            SharedMap<String, Integer> scores = manager.map("scores");
            seen.clear();
            scores.put("a", 1);
            assertThat(seen).containsExactly("start map put scores", "end map put SUCCESS same-thread");

            SharedList<String> list = manager.list("names");
            seen.clear();
            assertThatThrownBy(() -> list.get(5)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThat(seen).containsExactly("start list get names", "end list get ERROR same-thread");
        }
    }

    @Test
    void anObserverThatThrowsNeverBreaksACall() {
        try (Manager manager = Manager.builder().address(server.address()).authKey(KEY).callObserver(new CallObserver() {
            @Override
            public void onCall(CallEvent event) {
                throw new IllegalStateException("broken observer");
            }

            @Override
            public Completion callStarted(String type, String operation, String objectName) {
                throw new IllegalStateException("broken observer");
            }
        }).connect()) {
            SharedMap<String, Integer> map = manager.map("m");
            map.put("k", 1);
            assertThat(map.get("k")).isEqualTo(1);
        }
    }
}
