package io.managedobjects.demo;

import io.managedobjects.SharedAtomicLong;
import io.managedobjects.SharedMap;
import io.managedobjects.SharedQueue;
import io.managedobjects.Shared;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * REST endpoints that read and change shared objects: every instance of the demo (and every process
 * connected to the same manager) sees the same values.
 */
@RestController
@RequestMapping("/api")
public class DemoController {

    private final SharedMap<String, Integer> scores;
    private final SharedAtomicLong hits;
    private final SharedQueue<String> messages;

    /**
     * Creates the controller with injected shared objects.
     *
     * @param scores the shared map named "scores"
     * @param hits the shared counter named "hits"
     * @param messages the shared queue named "messages", bounded to 100
     */
    public DemoController(SharedMap<String, Integer> scores, SharedAtomicLong hits,
            @Shared(value = "messages", capacity = 100) SharedQueue<String> messages) {
        this.scores = scores;
        this.hits = hits;
        this.messages = messages;
    }

    /**
     * The scores.
     *
     * @return name to points
     */
    @GetMapping("/scores")
    public Map<String, Integer> scores() {
        hits.incrementAndGet();
        return new LinkedHashMap<>(scores);
    }

    /**
     * Adds points to a player, atomically across processes.
     *
     * @param name the player
     * @param points the points to add
     * @return the player's new score
     */
    @PostMapping("/scores/{name}")
    public Map<String, Object> addPoints(@PathVariable String name, @RequestParam(defaultValue = "1") int points) {
        hits.incrementAndGet();
        return Map.of("name", name, "score", scores.merge(name, points, Integer::sum));
    }

    /**
     * The number of API calls served by every instance together.
     *
     * @return the shared counter
     */
    @GetMapping("/hits")
    public Map<String, Long> hits() {
        return Map.of("hits", hits.incrementAndGet());
    }

    /**
     * Puts a message on the shared queue.
     *
     * @param message the text
     * @return 202, or 503 when the queue is full
     */
    @PostMapping("/messages")
    public ResponseEntity<Map<String, Object>> post(@RequestBody String message) {
        boolean accepted = messages.offer(message);
        return ResponseEntity.status(accepted ? 202 : 503).body(Map.of("accepted", accepted, "queued", messages.size()));
    }

    /**
     * Takes the oldest message, if any.
     *
     * @return the message, or 204
     */
    @PostMapping("/messages/take")
    public ResponseEntity<Map<String, String>> take() {
        String message = messages.poll();
        return message == null ? ResponseEntity.noContent().build() : ResponseEntity.ok(Map.of("message", message));
    }
}
