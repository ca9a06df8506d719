package io.managedobjects.redis;

import io.managedobjects.Manager;
import io.managedobjects.SharedMap;
import java.time.Duration;

/**
 * A process that connects to Redis with a 2 s session timeout, creates an anonymous map, prints its id and waits
 * (to be killed without closing its manager).
 */
public final class HoldingProcess {

    /** Held to the end: the map must not become unreachable before the process is killed. */
    static SharedMap<String, Integer> held;

    private HoldingProcess() {
    }

    /**
     * Runs the process.
     *
     * @param args the Redis address
     * @throws InterruptedException never: it waits until killed
     */
    public static void main(String[] args) throws InterruptedException {
        Manager manager = Manager.builder().address(args[0]).sessionTimeout(Duration.ofSeconds(2)).connect();
        held = manager.map();
        held.put("alive", 1);
        System.out.println("id " + held.sharedId());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
