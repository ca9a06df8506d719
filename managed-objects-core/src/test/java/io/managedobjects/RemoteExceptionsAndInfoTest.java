package io.managedobjects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RemoteExceptionsAndInfoTest {

    static Manager manager;

    @BeforeAll
    static void start() {
        manager = Manager.start();
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    @Test
    void serverSideExceptionsComeBackAsTheSameJdkTypeWithTheServerTraceAttached() {
        SharedList<String> list = manager.list(List.of("a"));
        Throwable thrown = org.junit.jupiter.api.Assertions.assertThrows(IndexOutOfBoundsException.class, () -> list.get(3));
        assertThat(thrown.getMessage()).contains("3");
        assertThat(thrown.getSuppressed()).hasSize(1);
        RemoteException serverTrace = (RemoteException) thrown.getSuppressed()[0];
        assertThat(serverTrace.remoteClassName()).isEqualTo(IndexOutOfBoundsException.class.getName());
        assertThat(Arrays.stream(serverTrace.getStackTrace()).map(StackTraceElement::getClassName))
                .contains("io.managedobjects.internal.server.ListHost");
        assertThat(Arrays.stream(thrown.getStackTrace()).map(StackTraceElement::getClassName))
                .contains(RemoteExceptionsAndInfoTest.class.getName());
    }

    @Test
    void nullKeysAndValuesAreRefusedLikeConcurrentHashMap() {
        SharedMap<String, String> map = manager.map();
        assertThatThrownBy(() -> map.put(null, "v")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> map.put("k", null)).isInstanceOf(NullPointerException.class);
        assertThat(map).isEmpty();
    }

    @Test
    void bulkOperationsAndIterationAreSingleCallsOnSnapshots() {
        SharedMap<String, Integer> map = manager.map(Map.of("a", 1));
        map.putAll(Map.of("b", 2, "c", 3));
        long before = callsOn(map);
        assertThat(map.entrySet()).hasSize(3);
        for (Map.Entry<String, Integer> entry : map.entrySet()) {
            entry.getKey();
        }
        assertThat(map.toString()).contains("a=1");
        // size() of the view + the iteration snapshot + toString: never one call per element
        assertThat(callsOn(map) - before).isLessThanOrEqualTo(4);
    }

    private static long callsOn(SharedObject object) {
        return manager.info().objects().stream().filter(o -> o.id().equals(object.sharedId())).findFirst().orElseThrow().calls();
    }

    @Test
    void infoListsObjectsWithTypeNameSizeAndCallsAndThisConnection() {
        SharedList<Integer> list = manager.list("info-list");
        list.addAll(List.of(1, 2, 3));
        ManagerInfo info = manager.info();
        ObjectInfo object = info.objects().stream().filter(o -> o.id().equals(list.sharedId())).findFirst().orElseThrow();
        assertThat(object.name()).isEqualTo("info-list");
        assertThat(object.type()).isEqualTo("list");
        assertThat(object.size()).isEqualTo(3);
        assertThat(object.calls()).isGreaterThanOrEqualTo(1);
        assertThat(object.refCount()).isGreaterThanOrEqualTo(1);
        assertThat(info.connections()).anyMatch(c -> c.pid() == ProcessHandle.current().pid());
        assertThat(info.server().version()).isNotBlank().isNotEqualTo("unknown");
    }

    @Test
    void destroyedObjectsFailClearlyThroughEveryProxy() {
        SharedMap<String, Integer> map = manager.map("to-destroy");
        SharedMap<String, Integer> other = manager.map("to-destroy");
        manager.destroy(map);
        assertThatThrownBy(() -> other.put("a", 1)).isInstanceOf(IllegalStateException.class).hasMessageContaining("destroyed");
        assertThat(manager.<String, Integer>map("to-destroy").sharedId()).isNotEqualTo(map.sharedId());
    }

    @Test
    void sharedRefRoundTripsThroughTextAndRebuildsALiveProxy() {
        SharedMap<String, Integer> map = manager.map();
        map.put("x", 1);
        SharedRef parsed = SharedRef.parse(map.sharedRef().toString());
        assertThat(parsed).isEqualTo(map.sharedRef());
        SharedMap<String, Integer> again = manager.proxy(parsed);
        again.put("y", 2);
        assertThat(map).containsEntry("y", 2);
        SharedRef named = new SharedRef("map", "12", "a name/with slash");
        assertThat(SharedRef.parse(named.toString())).isEqualTo(named);
        assertThatThrownBy(() -> SharedRef.parse("nonsense")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void functionalMethodsApplyAtomicallyByCompareAndSet() {
        SharedList<Integer> list = manager.list(List.of(5, 1, 4, 2));
        list.sort(Integer::compare);
        assertThat(list).containsExactly(1, 2, 4, 5);
        assertThat(list.removeIf(i -> i % 2 == 0)).isTrue();
        list.replaceAll(i -> i * 10);
        assertThat(list).containsExactly(10, 50);
        SharedMap<String, Integer> counts = manager.map();
        counts.merge("a", 1, Integer::sum);
        counts.merge("a", 1, Integer::sum);
        counts.computeIfAbsent("b", k -> 7);
        assertThat(counts).isEqualTo(Map.of("a", 2, "b", 7));
    }

    @Test
    void malformedAddressesAreRefusedWithTheExpectedForm() {
        assertThatThrownBy(() -> Manager.connect("localhost:1234", new byte[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unix:/path/to/socket or tcp://host:port");
        assertThatThrownBy(() -> Manager.connect("tcp://host:notaport", new byte[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
    }

    @Test
    void unreachableServerFailsWithManagerConnectionException() {
        assertThatThrownBy(() -> Manager.connect("unix:/tmp/no-such-managed-objects-socket", new byte[32]))
                .isInstanceOf(ManagerConnectionException.class).hasMessageContaining("Cannot connect");
    }

    @Test
    void compareAndSetMethodsCompareArraysByContent() {
        SharedMap<String, byte[]> blobs = manager.map();
        blobs.put("k", new byte[] {1});
        byte[] merged = blobs.merge("k", new byte[] {2}, (a, b) -> new byte[] {(byte) (a[0] + b[0])});
        assertThat(merged).containsExactly(3);
        assertThat(blobs.remove("k", new byte[] {3})).isTrue();
        SharedValue<int[]> value = manager.value(new int[] {1, 2});
        assertThat(value.compareAndSet(new int[] {1, 2}, new int[] {3})).isTrue();
    }

    @Test
    void iteratorWritesFailWhenTheListChangedUnderneath() {
        SharedList<String> list = manager.list(List.of("a", "b", "c"));
        java.util.Iterator<String> it = list.iterator();
        it.next();
        list.remove(0);
        assertThatThrownBy(it::remove).isInstanceOf(java.util.ConcurrentModificationException.class);
        assertThat(list).containsExactly("b", "c");
    }
}
