package io.managedobjects.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.managedobjects.Conditions;
import io.managedobjects.ObjectInfo;
import io.managedobjects.SharedList;
import io.managedobjects.SharedMap;
import org.junit.jupiter.api.Test;

/**
 * What keeps a shared object alive, on every backend: an anonymous object lives while a proxy anywhere or a reference
 * stored in another live object holds it, a cycle that nothing outside reaches is collected, and a named object lives
 * until it is destroyed. (How a dead process's references are released differs: a manager server sees its connection
 * close, Redis its session's lease run out; each backend tests its own.)
 */
public abstract class ReferenceLifetimesContract extends BackendContract {

    private boolean hosted(String id) {
        return manager.info().objects().stream().map(ObjectInfo::id).anyMatch(id::equals);
    }

    /** Waits, collecting this JVM's garbage (which releases dropped proxies), until the object is gone; bounded. */
    private void awaitFreed(String what, String id) {
        Conditions.await(what, () -> {
            System.gc();
            return !hosted(id);
        });
    }

    /** Waits until an object dropped now is freed: whatever the backend frees by sweeping, it has swept since. */
    private void awaitASweep() {
        awaitFreed("a dropped sentinel freed", anonymousMapNobodyHolds());
    }

    private String anonymousMapNobodyHolds() {
        SharedMap<String, Integer> map = manager.map();
        map.put("a", 1);
        return map.sharedId();
    }

    @Test
    void anAnonymousObjectIsFreedOnceNoProxyHoldsIt() {
        String id = anonymousMapNobodyHolds();
        assertThat(hosted(id)).isTrue();
        awaitFreed("the unreachable map freed", id);
    }

    @Test
    void aReferenceStoredInAnotherObjectKeepsAnObjectUntilTheReferenceIsRemoved() {
        SharedList<Object> holder = manager.list();
        String inner = storeAnonymousMapIn(holder);
        awaitASweep();
        assertThat(hosted(inner)).isTrue();
        @SuppressWarnings("unchecked")
        SharedMap<String, Integer> read = (SharedMap<String, Integer>) holder.get(0);
        assertThat(read).containsEntry("x", 1);
        read = null;
        holder.clear();
        awaitFreed("the inner map freed once no reference is left", inner);
    }

    private String storeAnonymousMapIn(SharedList<Object> holder) {
        SharedMap<String, Integer> inner = manager.map();
        inner.put("x", 1);
        holder.add(inner);
        return inner.sharedId();
    }

    @Test
    void aCycleOfAnonymousObjectsNothingReachesIsCollected() {
        String[] ids = cycleNobodyHolds();
        awaitFreed("the self-containing list collected", ids[0]);
        awaitFreed("the maps referring to each other collected", ids[1]);
        awaitFreed("the maps referring to each other collected", ids[2]);
    }

    private String[] cycleNobodyHolds() {
        SharedList<Object> self = manager.list();
        self.add(self);
        SharedMap<String, Object> a = manager.map();
        SharedMap<String, Object> b = manager.map();
        a.put("next", b);
        b.put("next", a);
        return new String[] {self.sharedId(), a.sharedId(), b.sharedId()};
    }

    @Test
    void aNamedObjectLivesWithNoProxyUntilItIsDestroyed() {
        String id = namedMapNobodyHolds();
        awaitASweep();
        assertThat(hosted(id)).isTrue();
        SharedMap<String, Integer> again = manager.map("lifetimes-named");
        assertThat(again).containsEntry("k", 1);
        manager.destroy(again);
        assertThat(hosted(id)).isFalse();
        assertThatThrownBy(() -> again.get("k")).isInstanceOf(IllegalStateException.class);
        assertThat(manager.<String, Integer>map("lifetimes-named")).isEmpty();
    }

    private String namedMapNobodyHolds() {
        SharedMap<String, Integer> named = manager.map("lifetimes-named");
        named.put("k", 1);
        return named.sharedId();
    }
}
