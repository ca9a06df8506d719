package io.managedobjects.autoconfigure.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedobjects.Manager;
import io.managedobjects.autoconfigure.ManagedObjectsConnection;
import io.managedobjects.autoconfigure.SecondJvm;
import io.managedobjects.autoconfigure.cache.app.CacheTestApplication;
import io.managedobjects.autoconfigure.cache.app.Square;
import io.managedobjects.autoconfigure.cache.app.SquareService;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.cache.CacheManager;
import org.springframework.context.ConfigurableApplicationContext;

/** Two Spring Boot applications in two JVMs share their caches through the manager server. */
class SharedCacheAcrossProcessesTest {

    @Test
    void aValueOneApplicationCachedIsAHitInAnotherJvmAndItsEvictionsAreSeenByTheFirst() throws Exception {
        try (ConfigurableApplicationContext context = CacheTestApplication.application().run("--managed-objects.mode=embedded")) {
            assertThat(context.getBean(CacheManager.class)).isInstanceOf(SharedMapCacheManager.class);
            SquareService squares = context.getBean(SquareService.class);
            assertThat(squares.square(7)).isEqualTo(new Square(7, 49));
            assertThat(squares.square(8)).isEqualTo(new Square(8, 64));
            assertThat(squares.nickname("bob")).isNull();
            assertThat(squares.nickname("bob")).isNull();
            assertThat(squares.computations()).as("the null nickname is cached too").isEqualTo(3);

            String address = context.getBean(Manager.class).address();
            Path keyFile = context.getBean(ManagedObjectsConnection.class).generatedKeyFile();
            assertThat(keyFile).as("the generated key file of the embedded server").isNotNull();
            String printed = SecondJvm.run(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"), CacheTestApplication.class,
                    "--managed-objects.mode=client", "--managed-objects.address=" + address, "--managed-objects.auth-key-file=" + keyFile);
            assertThat(printed).as(printed).contains("client: cache manager SharedMapCacheManager")
                    .contains("client: square(7)=" + new Square(7, 49) + " nickname(bob)=null computations=0")
                    .contains("client: square(9)=" + new Square(9, 81) + " computations=1");

            assertThat(squares.square(9)).as("computed by the second application").isEqualTo(new Square(9, 81));
            assertThat(squares.square(8)).as("still cached").isEqualTo(new Square(8, 64));
            assertThat(squares.computations()).isEqualTo(3);
            assertThat(squares.square(7)).as("evicted by the second application").isEqualTo(new Square(7, 49));
            assertThat(squares.computations()).isEqualTo(4);
            assertThat(squares.nickname("bob")).as("cleared by the second application").isNull();
            assertThat(squares.computations()).isEqualTo(5);
        }
    }
}
