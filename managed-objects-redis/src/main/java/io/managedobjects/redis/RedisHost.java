package io.managedobjects.redis;

import io.managedobjects.Manager;
import io.managedobjects.ManagerBuilder;
import io.managedobjects.internal.backend.Backends;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A process that only hosts instances of your registered classes on Redis, so that they outlive the applications that
 * call them (on Redis an instance ends with the process that hosts it). One command starts it, with your classes on
 * its classpath:
 *
 * <pre>
 * java -cp "app.jar:libs/*" io.managedobjects.redis.RedisHost redis://redis.internal:6379 \
 *      inventory=com.example.Inventory orders=com.example.Orders:com.example.OrdersImpl
 * </pre>
 *
 * Each {@code name=class} (or {@code name=interface:class}) creates the named instance with the class's public
 * no-argument constructor, hosted here; other processes reach it with {@code manager.named("inventory",
 * Inventory.class)}. It prints one line per instance, then serves calls until it is stopped: SIGTERM or Ctrl-C close
 * its session, which ends its instances at once (a {@code kill -9} ends them when its session's lease runs out). The
 * address may come from the environment variable {@code MANAGED_OBJECTS_ADDRESS} instead (a password on the command
 * line shows in {@code ps}); {@code --session-timeout=SECONDS} sets the lease (default 15).
 */
public final class RedisHost {

    private static final String USAGE = "Usage: java -cp <your classes and managed-objects-redis> io.managedobjects.redis.RedisHost "
            + "[redis://host:port] [--session-timeout=SECONDS] name=com.example.YourClass [name=com.example.Api:com.example.Impl ...]"
            + " (the address may come from MANAGED_OBJECTS_ADDRESS instead)";

    private RedisHost() {
    }

    /** One instance to host: its name, the type its proxies implement, and the class instantiated. */
    private record Hosted(String name, Class<?> api, Class<?> implementation) {
    }

    /**
     * Hosts the instances named on the command line until the process is stopped.
     *
     * @param args the address (unless {@code MANAGED_OBJECTS_ADDRESS} gives it), options, then {@code name=class} pairs
     * @throws InterruptedException if the main thread is interrupted while serving
     */
    public static void main(String[] args) throws InterruptedException {
        Manager manager;
        try {
            manager = host(args, System.getenv("MANAGED_OBJECTS_ADDRESS"), System.out);
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        } catch (io.managedobjects.ManagerException e) {   // Redis cannot be reached, or refused
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            manager.close();
            stopped.countDown();
        }, "managed-objects-redis-host-stop"));
        stopped.await();
    }

    /**
     * Connects and creates the instances.
     *
     * @param args the command line
     * @param environmentAddress the address from the environment, or null
     * @param out where each hosted instance is announced
     * @return the manager that hosts them
     * @throws IllegalArgumentException if the command line is wrong, saying what is wrong
     * @throws IllegalStateException if a name already holds an instance hosted by another live process
     */
    static Manager host(String[] args, @org.jspecify.annotations.Nullable String environmentAddress, PrintStream out) {
        String address = environmentAddress;
        Duration sessionTimeout = Duration.ofSeconds(15);
        List<Hosted> hosted = new ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith("--session-timeout=")) {
                sessionTimeout = Duration.ofSeconds(seconds(arg.substring("--session-timeout=".length())));
            } else if (arg.contains("=")) {
                hosted.add(hosted(arg));
            } else if (arg.contains("://")) {
                address = arg;
            } else {
                throw new IllegalArgumentException("'" + arg + "' is neither a Redis address nor name=class");
            }
        }
        if (address == null) {
            throw new IllegalArgumentException("No Redis address: give redis://host:port first, or set MANAGED_OBJECTS_ADDRESS");
        }
        if (hosted.isEmpty()) {
            throw new IllegalArgumentException("Nothing to host: name at least one instance, e.g. inventory=com.example.Inventory");
        }
        ManagerBuilder builder = Manager.builder().address(address).sessionTimeout(sessionTimeout);
        for (Hosted instance : hosted) {
            register(builder, instance);
        }
        Manager manager = builder.connect();
        if (!(manager instanceof RedisManager redis)) {
            manager.close();
            throw new IllegalArgumentException(Backends.redacted(address) + " is not a Redis address: a manager server hosts the "
                    + "instances itself (register the classes where it is built)");
        }
        try {
            for (Hosted instance : hosted) {
                int before = redis.hostedCount();
                redis.named(instance.name(), instance.api());
                if (redis.hostedCount() == before) {
                    throw new IllegalStateException("The name '" + instance.name() + "' already holds an instance hosted by another "
                            + "process whose session is live (manager.info() names it): stop that process first, or choose another "
                            + "name (a host killed with kill -9 keeps its names until its session's lease runs out)");
                }
                out.println("hosting '" + instance.name() + "' (" + instance.implementation().getName() + ") on "
                        + Backends.redacted(address) + " in pid " + ProcessHandle.current().pid());
            }
            return manager;
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void register(ManagerBuilder builder, Hosted instance) {
        if (instance.api() == instance.implementation()) {
            builder.register(instance.implementation());
        } else {
            builder.register((Class) instance.api(), (Class) instance.implementation());
        }
    }

    private static Hosted hosted(String arg) {
        int equals = arg.indexOf('=');
        String name = arg.substring(0, equals);
        String classes = arg.substring(equals + 1);
        if (name.isBlank() || classes.isBlank()) {
            throw new IllegalArgumentException("'" + arg + "' is not name=class");
        }
        int colon = classes.indexOf(':');
        Class<?> api = load(colon < 0 ? classes : classes.substring(0, colon));
        Class<?> implementation = colon < 0 ? api : load(classes.substring(colon + 1));
        return new Hosted(name, api, implementation);
    }

    private static Class<?> load(String className) {
        try {
            return Class.forName(className, false, RedisHost.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("Class " + className + " is not on this process's classpath: add the jar that "
                    + "holds it to -cp", e);
        }
    }

    private static long seconds(String text) {
        try {
            long seconds = Long.parseLong(text);
            if (seconds >= 1) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("--session-timeout=" + text + " is not a whole number of seconds, 1 or more");
    }
}
