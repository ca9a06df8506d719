package io.managedobjects.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class OperationTest {

    /** Every class whose public methods are remote operations of the built-in types and of the server. */
    private static final List<Class<?>> OPERATION_CLASSES = List.of(ServerOps.class, MapHost.class, ListHost.class,
            SetHost.class, ValueHost.class, AtomicLongHost.class, NamespaceHost.class, LockHost.class, ConditionHost.class,
            SemaphoreHost.class, EventHost.class, BarrierHost.class, QueueHost.class, NumericArrayHost.class, PoolHost.class);

    @Test
    void theImmediateOperationsAreTheOnesThatTakeOutWhatTheyReturnWithoutWaiting() {
        List<String> immediate = OPERATION_CLASSES.stream()
                .flatMap(type -> Arrays.stream(type.getMethods())
                        .filter(method -> !Modifier.isStatic(method.getModifiers()))
                        .filter(method -> {
                            Operation operation = MethodTable.of(type).find(method.getName());
                            return operation != null && operation.immediate();
                        }))
                .map(OperationTest::describe)
                .sorted()
                .toList();

        assertThat(immediate).containsExactly("ListHost.removeAt", "MapHost.remove", "QueueHost.drain", "QueueHost.poll",
                "QueueHost.removeHead");
    }

    @Test
    void anOperationTakingAnImmediateCallIsImmediateAndOneTakingACallIsNot() {
        Operation remove = MethodTable.of(MapHost.class).find("remove");
        Operation poll = MethodTable.of(QueueHost.class).find("poll");
        Operation take = MethodTable.of(QueueHost.class).find("take");
        Operation put = MethodTable.of(MapHost.class).find("put");

        assertThat(remove).isNotNull();
        assertThat(remove.takesCall()).isTrue();
        assertThat(remove.immediate()).isTrue();
        assertThat(poll.takesCall()).isTrue();
        assertThat(poll.immediate()).isTrue();
        assertThat(take.takesCall()).isTrue();
        assertThat(take.immediate()).isFalse();
        assertThat(put.takesCall()).isFalse();
        assertThat(put.immediate()).isFalse();
    }

    @Test
    void theServerOperationsThatRunUserCodeExistAndRunOnAWorker() {
        MethodTable server = MethodTable.of(ServerOps.class);
        for (String method : List.of("createInstance", "destroy", "create")) {
            assertThat(server.find(method)).as(method).isNotNull();
        }
        Object[] anonymous = {"map", null, List.of()};
        Object[] named = {"map", "scores", List.of()};

        assertThat(ServerOps.runsUserCode("createInstance", new Object[] {"com.example.Counter", null, List.of()})).isTrue();
        assertThat(ServerOps.runsUserCode("destroy", new Object[] {"m1"})).isTrue();
        assertThat(ServerOps.runsUserCode("create", named)).isTrue();
        assertThat(ServerOps.runsUserCode("create", anonymous)).isFalse();
        assertThat(ServerOps.runsUserCode("release", new Object[] {"m1"})).isFalse();
    }

    @Test
    void noBuiltInOperationCarriesARuntimeAnnotationForReadingOneGeneratesAProxyClassAtEveryServerStart() {
        List<String> annotated = OPERATION_CLASSES.stream()
                .flatMap(type -> Arrays.stream(type.getMethods()))
                .filter(method -> !Modifier.isStatic(method.getModifiers()) && method.getDeclaringClass() != Object.class)
                .filter(method -> method.getDeclaredAnnotations().length > 0)
                .map(OperationTest::describe)
                .toList();

        assertThat(annotated).isEmpty();
    }

    @Test
    void aCallIsOnlyEverTheFirstParameterOfAnOperation() {
        List<String> others = OPERATION_CLASSES.stream()
                .flatMap(type -> Arrays.stream(type.getMethods()))
                .filter(method -> method.getParameterCount() > 0)
                .filter(method -> Stream.of(method.getParameterTypes()).skip(1)
                        .anyMatch(type -> type == Call.class || type == ImmediateCall.class))
                .map(OperationTest::describe)
                .toList();

        assertThat(others).as("a call is only ever the first parameter").isEmpty();
    }

    private static String describe(Method method) {
        return method.getDeclaringClass().getSimpleName() + "." + method.getName();
    }
}
