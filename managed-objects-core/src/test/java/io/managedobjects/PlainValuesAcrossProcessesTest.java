package io.managedobjects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.managedobjects.fixtures.Dog;
import io.managedobjects.fixtures.Envelope;
import io.managedobjects.fixtures.Money;
import io.managedobjects.fixtures.Note;
import io.managedobjects.fixtures.Picky;
import io.managedobjects.fixtures.Unbuildable;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Currency;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Ordinary classes of trusted packages are stored and read back as themselves, in a forked server and an
 * embedded one, and by a child process; a value that cannot be rebuilt fails clearly, with public types.
 */
class PlainValuesAcrossProcessesTest {

    static final String FIXTURES = "io.managedobjects.fixtures";

    static Note note(String text) {
        Note note = new Note(text);
        note.setStars(5);
        note.getTags().add("tag");
        return note;
    }

    static Envelope envelope() {
        return new Envelope(note("inner"), List.of(note("a"), note("b")), Map.of("rex", new Dog("Rex", true, "R")),
                Optional.of(new Money(new BigDecimal("9.99"), Currency.getInstance("EUR"))));
    }

    /** Reads what the parent stored and checks it, in a child JVM: exit code 0 when every value is as expected. */
    public static final class ReadBack implements ProcessTask {
        @Override
        public void run(Object... args) {
            SharedMap<String, Object> values = Manager.inherited().map("values");
            if (!note("hello").equals(values.get("note")) || !envelope().equals(values.get("envelope"))
                    || !EnumSet.of(java.time.DayOfWeek.MONDAY).equals(values.get("days"))) {
                throw new AssertionError("unexpected values: " + values);
            }
            values.put("from-child", note("child"));
        }
    }

    private static void storeAndReadBack(Manager manager) throws InterruptedException {
        SharedMap<String, Object> values = manager.map("values");
        values.put("note", note("hello"));
        values.put("envelope", envelope());
        values.put("days", EnumSet.of(java.time.DayOfWeek.MONDAY));
        assertThat(values.get("note")).isExactlyInstanceOf(Note.class).isEqualTo(note("hello"));
        assertThat(values.get("envelope")).isEqualTo(envelope());

        ManagedProcess child = manager.process(ReadBack.class).start();
        try {
            assertThat(child.join(Duration.ofSeconds(120))).isTrue();
            assertThat(child.exitCode()).hasValue(0);
        } finally {
            child.kill();
        }
        assertThat(values.get("from-child")).isEqualTo(note("child"));
    }

    @Test
    void aForkedServerStoresPlainClassesOfTrustedPackages() throws InterruptedException {
        try (Manager manager = Manager.builder().trustedPackages(FIXTURES).start()) {
            storeAndReadBack(manager);
        }
    }

    @Test
    void anEmbeddedServerStoresPlainClassesOfTrustedPackages() throws InterruptedException {
        byte[] key = "plain-values-embedded-key-0123456".getBytes(StandardCharsets.UTF_8);
        try (ManagerServer server = ManagerServer.builder().authKey(key).trustedPackages(FIXTURES).build().start();
                Manager manager = Manager.builder().address(server.address()).authKey(key).trustedPackages(FIXTURES).connect()) {
            storeAndReadBack(manager);
        }
    }

    @Test
    void aValueTheServerCannotRebuildFailsThatCallWithAPublicExceptionAndTheConnectionGoesOn() {
        try (Manager manager = Manager.builder().trustedPackages(FIXTURES).jvmArgs("-Dpicky.strict=true").start()) {
            SharedList<Object> list = manager.list();
            assertThatThrownBy(() -> list.add(new Picky(-1)))
                    .isInstanceOf(UnreadableValueException.class)
                    .isNotInstanceOf(io.managedobjects.internal.codec.MalformedInputException.class)
                    .hasMessageContaining(Picky.class.getName())
                    .hasMessageContaining("n must not be negative");
            assertThat(list.add(new Picky(1))).isTrue();
            assertThat(list).containsExactly(new Picky(1));
        }
    }

    @Test
    void aValueThatMayNotBeSentFailsWithThePublicExceptionTypeAndQueriesAnswerAbsent() {
        byte[] key = "plain-values-embedded-key-0123456".getBytes(StandardCharsets.UTF_8);
        try (ManagerServer server = ManagerServer.builder().authKey(key).build().start();
                Manager manager = Manager.connect(server.address(), key)) {
            SharedMap<Object, Object> map = manager.map();
            assertThatThrownBy(() -> map.put("k", new Thread())).isExactlyInstanceOf(DisallowedTypeException.class)
                    .hasMessageContaining("java.lang.Thread");
            assertThat(map.containsKey(new Thread())).isFalse();
            assertThat(map.get(new Thread())).isNull();
            assertThat(map.keySet().removeAll(List.of("absent", new Thread()))).isFalse();
        }
    }

    @Test
    void aClassThatCannotBeRebuiltIsRefusedBeforeItIsSent() {
        try (Manager manager = Manager.builder().trustedPackages(FIXTURES).start()) {
            SharedMap<String, Object> map = manager.map();
            assertThatThrownBy(() -> map.put("u", new Unbuildable(1, 2)))
                    .isInstanceOf(DisallowedTypeException.class)
                    .hasMessageContaining(Unbuildable.class.getName())
                    .hasMessageContaining("no-arg constructor");
            assertThat(map).isEmpty();
        }
    }
}
