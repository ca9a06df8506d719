package io.managedobjects.demo;

import io.managedobjects.ManagedProcess;
import io.managedobjects.Manager;
import io.managedobjects.ProcessTask;
import io.managedobjects.SharedList;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * The classic first example of Python's managers: N worker processes each append {@code (i, random)}
 * to one shared list after a random pause; the main process then prints {@code List: N}.
 */
@Component
public class SharedListScenario implements ApplicationRunner {

    private final Manager manager;
    private final int workers;

    /**
     * Creates the scenario.
     *
     * @param manager the auto-configured manager
     * @param workers how many worker processes to start ({@code demo.workers}, default 50)
     */
    public SharedListScenario(Manager manager, @Value("${demo.workers:50}") int workers) {
        this.manager = manager;
        this.workers = workers;
    }

    @Override
    public void run(ApplicationArguments args) throws InterruptedException {
        SharedList<List<Object>> list = manager.list();
        List<ManagedProcess> processes = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            processes.add(manager.process(AppendWorker.class, list, i).start());
        }
        for (ManagedProcess process : processes) {
            process.join();
        }
        System.out.println("List: " + list.size());
        System.out.println(list.subList(0, Math.min(5, list.size())) + (list.size() > 5 ? " ..." : ""));
    }

    /** A worker process: sleeps below one second, then appends {@code [i, random]}. */
    public static class AppendWorker implements ProcessTask {
        @Override
        public void run(Object... args) throws InterruptedException {
            @SuppressWarnings("unchecked")
            SharedList<Object> list = (SharedList<Object>) args[0];
            Thread.sleep(ThreadLocalRandom.current().nextInt(1000));
            list.add(List.of(args[1], ThreadLocalRandom.current().nextDouble()));
        }
    }
}
