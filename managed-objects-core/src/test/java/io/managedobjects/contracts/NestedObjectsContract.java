package io.managedobjects.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedobjects.ProcessTask;
import io.managedobjects.SharedList;
import io.managedobjects.SharedMap;
import io.managedobjects.SharedSet;
import io.managedobjects.SharedNamespace;
import io.managedobjects.ManagerInfo;
import io.managedobjects.ObjectInfo;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Shared objects stored inside shared objects are references: every reader gets a live proxy. */
public abstract class NestedObjectsContract extends BackendContract {




    /** The classic tutorial's child: sets a=1, b=2, c=3 through {@code list.get(0)}. */
    public static class SetThroughTheList implements ProcessTask {
        @Override
        @SuppressWarnings("unchecked")
        public void run(Object... args) {
            List<Object> list = (List<Object>) args[0];
            Map<String, Integer> inner = (Map<String, Integer>) list.get(0);
            inner.put("a", 1);
            inner.put("b", 2);
            inner.put("c", 3);
        }
    }

    @Test
    void childWritesThroughASharedMapInsideASharedListAndTheParentSeesThem() throws InterruptedException {
        SharedList<Object> list = manager.list();
        list.add(manager.map(new LinkedHashMap<>(Map.of("a", 0))));
        @SuppressWarnings("unchecked")
        SharedMap<String, Integer> first = (SharedMap<String, Integer>) list.get(0);
        first.put("b", 0);
        first.put("c", 0);

        assertThat(manager.process(SetThroughTheList.class, list).start().join()).isZero();

        assertThat(list.get(0).toString()).isEqualTo("{a=1, b=2, c=3}");
    }

    @Test
    void aPlainMapInsideASharedListIsACopyTheChildCannotChange() throws InterruptedException {
        SharedList<Object> list = manager.list();
        list.add(new LinkedHashMap<>(Map.of("a", 0)));

        assertThat(manager.process(SetThroughTheList.class, list).start().join()).isZero();

        assertThat(list.get(0)).isEqualTo(Map.of("a", 0));
    }

    @Test
    void mapOfMapsStaysLiveThroughEveryPathAndSurvivesTheOuterReferences() {
        SharedMap<String, Object> d = manager.map();
        SharedMap<String, Integer> pets = manager.map();
        SharedMap<String, Integer> supplies = manager.map();
        d.put("pets", pets);
        d.put("supplies", supplies);

        @SuppressWarnings("unchecked")
        SharedMap<String, Integer> viaD = (SharedMap<String, Integer>) d.get("supplies");
        viaD.put("food", 3);
        supplies.put("water", 5);
        assertThat(supplies).containsEntry("food", 3);
        assertThat(viaD).containsEntry("water", 5);
        assertThat(viaD.sharedId()).isEqualTo(supplies.sharedId());

        d.clear();
        pets.put("cat", 1);
        assertThat(pets).containsEntry("cat", 1);
        assertThat(supplies).containsEntry("food", 3).containsEntry("water", 5);
    }

    @Test
    void nestingWorksAtAnyDepthAndAcrossTypes() {
        SharedMap<String, Object> top = manager.map();
        SharedList<Object> middle = manager.list();
        SharedSet<String> leaf = manager.set();
        SharedNamespace ns = manager.namespace();
        top.put("middle", middle);
        middle.add(List.of("plain", leaf));
        ns.set("top", top);

        @SuppressWarnings("unchecked")
        SharedList<Object> m = (SharedList<Object>) ((SharedMap<String, Object>) ns.get("top")).get("middle");
        @SuppressWarnings("unchecked")
        SharedSet<String> l = (SharedSet<String>) ((List<Object>) m.get(0)).get(1);
        l.add("deep");
        assertThat(leaf).containsExactly("deep");
    }

    @Test
    void aListContainingItselfIsStoredAsAReference() {
        SharedList<Object> list = manager.list();
        list.add("x");
        list.add(list);
        assertThat(list.get(1)).isInstanceOf(SharedList.class);
        @SuppressWarnings("unchecked")
        SharedList<Object> self = (SharedList<Object>) list.get(1);
        assertThat(self.sharedId()).isEqualTo(list.sharedId());
        assertThat(list.toString()).startsWith("[x, ");
        assertThat(list.contains(list)).isTrue();
        assertThat(list.indexOf(list)).isEqualTo(1);
    }

    @Test
    void infoCountsNestedObjects() {
        SharedList<Object> outer = manager.list();
        SharedMap<String, Integer> inner = manager.map();
        outer.add(inner);
        ManagerInfo info = manager.info();
        assertThat(info.objects()).extracting(ObjectInfo::id).contains(outer.sharedId(), inner.sharedId());
    }

    @Test
    void plainValuesReadBackAreIndependentCopies() {
        SharedMap<String, Object> map = manager.map();
        map.put("plain", new HashMap<>(Map.of("n", 1)));
        @SuppressWarnings("unchecked")
        Map<String, Integer> copy = (Map<String, Integer>) map.get("plain");
        copy.put("n", 2);
        assertThat(map.get("plain")).isEqualTo(Map.of("n", 1));
    }
}
