package io.managedobjects;

import io.managedobjects.internal.client.ChildContext;
import java.util.Collection;
import java.util.Map;

/**
 * A handle on a manager server: Python's {@code multiprocessing.Manager()}.
 *
 * <p>{@link #start()} forks a server JVM with this process's classpath and returns a connected manager;
 * closing it shuts the server down. {@link #connect(String, byte[])} attaches to a server started
 * elsewhere (a forked one, a {@link ManagerServer} embedded in another JVM); closing it only disconnects.
 *
 * <p>Anonymous objects ({@code map()}) are reference-counted across all processes and freed when no
 * proxy holds them; named objects ({@code map("scores")}) are get-or-create: every process asking for
 * the same name gets the same object, which lives until {@link #destroy destroyed} or the server stops.
 *
 * <p>A manager is thread-safe: its threads, however many and however short-lived, share a few connections
 * ({@link ManagerBuilder#connections(int)}); a call that waits on the server holds up no other thread's call.
 * If its session with the server ends while it lives on (the server restarted, or the session expired), it
 * goes on with a new one: proxies of named objects reach the object of their name, those of anonymous objects
 * of an earlier server run fail saying so, and a lock or permits held then cannot be released any more.
 */
public interface Manager extends AutoCloseable {

    /**
     * Forks a manager server JVM on a Unix socket in a private directory, with a random auth key,
     * and connects to it.
     *
     * @return the connected owner of the server
     * @throws ManagerException if the server cannot be started
     */
    static Manager start() {
        return builder().start();
    }

    /**
     * A builder for a forked server ({@link ManagerBuilder#start()}) or a connection to a running one
     * ({@link ManagerBuilder#connect()}).
     *
     * @return a new builder
     */
    static ManagerBuilder builder() {
        return new ManagerBuilder();
    }

    /**
     * Connects to a running server: Python's {@code BaseManager(address, authkey).connect()}.
     *
     * @param address {@code unix:/path/to/socket} or {@code tcp://host:port}
     * @param authKey the server's auth key (at least 16 bytes)
     * @return a connected client; {@link #close()} only disconnects
     * @throws IllegalArgumentException if the key is shorter than 16 bytes
     * @throws AuthenticationException if the key is wrong
     * @throws ManagerConnectionException if the server cannot be reached
     */
    static Manager connect(String address, byte[] authKey) {
        return builder().address(address).authKey(authKey).connect();
    }

    /**
     * In a child started by {@link #process}, the manager that started it.
     *
     * @return the inherited manager; closing it only disconnects
     * @throws IllegalStateException outside such a child
     */
    static Manager inherited() {
        return ChildContext.inherited();
    }

    /**
     * The address of the server, as bound (the real port when port 0 was asked for).
     *
     * @return {@code unix:/path} or {@code tcp://host:port}
     */
    String address();

    /**
     * The owner of a forked server shuts it down (the process is gone when this returns); a client
     * disconnects. Proxies of a closed manager throw {@link ManagerConnectionException}.
     */
    @Override
    void close();

    /**
     * Creates an anonymous, empty shared list.
     *
     * @param <E> the element type
     * @return a proxy to the new list
     */
    <E> SharedList<E> list();

    /**
     * Creates an anonymous shared list holding copies of {@code initial}, in one round trip.
     *
     * @param <E> the element type
     * @param initial the initial elements
     * @return a proxy to the new list
     */
    <E> SharedList<E> list(Collection<? extends E> initial);

    /**
     * Gets or creates the named shared list.
     *
     * @param <E> the element type
     * @param name the name; every process asking for it gets the same list
     * @return a proxy to the list
     * @throws IllegalStateException if the name holds an object of another type
     */
    <E> SharedList<E> list(String name);

    /**
     * Creates an anonymous, empty shared map.
     *
     * @param <K> the key type
     * @param <V> the value type
     * @return a proxy to the new map
     */
    <K, V> SharedMap<K, V> map();

    /**
     * Creates an anonymous shared map holding copies of {@code initial}, in one round trip.
     *
     * @param <K> the key type
     * @param <V> the value type
     * @param initial the initial mappings
     * @return a proxy to the new map
     */
    <K, V> SharedMap<K, V> map(Map<? extends K, ? extends V> initial);

    /**
     * Gets or creates the named shared map.
     *
     * @param <K> the key type
     * @param <V> the value type
     * @param name the name; every process asking for it gets the same map
     * @return a proxy to the map
     * @throws IllegalStateException if the name holds an object of another type
     */
    <K, V> SharedMap<K, V> map(String name);

    /**
     * Creates an anonymous, empty shared set.
     *
     * @param <E> the element type
     * @return a proxy to the new set
     */
    <E> SharedSet<E> set();

    /**
     * Creates an anonymous shared set holding copies of {@code initial}, in one round trip.
     *
     * @param <E> the element type
     * @param initial the initial elements
     * @return a proxy to the new set
     */
    <E> SharedSet<E> set(Collection<? extends E> initial);

    /**
     * Gets or creates the named shared set.
     *
     * @param <E> the element type
     * @param name the name
     * @return a proxy to the set
     * @throws IllegalStateException if the name holds an object of another type
     */
    <E> SharedSet<E> set(String name);

    /**
     * Creates an anonymous shared value: Python's {@code manager.Value}.
     *
     * @param <T> the value type
     * @param initial the initial value
     * @return a proxy to the new value
     */
    <T> SharedValue<T> value(T initial);

    /**
     * Gets or creates the named shared value.
     *
     * @param <T> the value type
     * @param name the name
     * @param initial the value if it is created now
     * @return a proxy to the value
     * @throws IllegalStateException if the name holds an object of another type
     */
    <T> SharedValue<T> value(String name, T initial);

    /**
     * Creates an anonymous shared counter.
     *
     * @param initial the initial value
     * @return a proxy to the new counter
     */
    SharedAtomicLong atomicLong(long initial);

    /**
     * Gets or creates the named shared counter (starting at 0).
     *
     * @param name the name
     * @return a proxy to the counter
     * @throws IllegalStateException if the name holds an object of another type
     */
    SharedAtomicLong atomicLong(String name);

    /**
     * Creates an anonymous, empty namespace: Python's {@code manager.Namespace()}.
     *
     * @return a proxy to the new namespace
     */
    SharedNamespace namespace();

    /**
     * Gets or creates the named namespace.
     *
     * @param name the name
     * @return a proxy to the namespace
     * @throws IllegalStateException if the name holds an object of another type
     */
    SharedNamespace namespace(String name);

    /**
     * Creates an anonymous, unbounded queue: Python's {@code manager.Queue()} / {@code JoinableQueue()}.
     *
     * @param <E> the element type
     * @return a proxy to the new queue
     */
    <E> SharedQueue<E> queue();

    /**
     * Creates an anonymous queue holding at most {@code capacity} items.
     *
     * @param <E> the element type
     * @param capacity the capacity
     * @return a proxy to the new queue
     */
    <E> SharedQueue<E> queue(int capacity);

    /**
     * Gets or creates the named, unbounded queue.
     *
     * @param <E> the element type
     * @param name the name
     * @return a proxy to the queue
     */
    <E> SharedQueue<E> queue(String name);

    /**
     * Gets or creates the named queue, with a capacity if it is created now.
     *
     * @param <E> the element type
     * @param name the name
     * @param capacity the capacity (0: unbounded)
     * @return a proxy to the queue
     */
    <E> SharedQueue<E> queue(String name, int capacity);

    /**
     * Creates an anonymous, non-reentrant lock: Python's {@code Lock}.
     *
     * @return a proxy to the new lock
     */
    SharedLock lock();

    /**
     * Gets or creates the named non-reentrant lock.
     *
     * @param name the name
     * @return a proxy to the lock
     */
    SharedLock lock(String name);

    /**
     * Creates an anonymous reentrant lock owned by the calling thread: Python's {@code RLock}.
     *
     * @return a proxy to the new lock
     */
    SharedLock reentrantLock();

    /**
     * Gets or creates the named reentrant lock.
     *
     * @param name the name
     * @return a proxy to the lock
     */
    SharedLock reentrantLock(String name);

    /**
     * Creates an anonymous semaphore: Python's {@code Semaphore}.
     *
     * @param permits the initial permits
     * @return a proxy to the new semaphore
     */
    SharedSemaphore semaphore(int permits);

    /**
     * Gets or creates the named semaphore.
     *
     * @param name the name
     * @param permits the initial permits if it is created now
     * @return a proxy to the semaphore
     */
    SharedSemaphore semaphore(String name, int permits);

    /**
     * Creates an anonymous bounded semaphore: releasing above {@code permits} throws.
     *
     * @param permits the initial and maximum permits
     * @return a proxy to the new semaphore
     */
    SharedSemaphore boundedSemaphore(int permits);

    /**
     * Gets or creates the named bounded semaphore.
     *
     * @param name the name
     * @param permits the initial and maximum permits if it is created now
     * @return a proxy to the semaphore
     */
    SharedSemaphore boundedSemaphore(String name, int permits);

    /**
     * Creates an anonymous event: Python's {@code Event}.
     *
     * @return a proxy to the new event
     */
    SharedEvent event();

    /**
     * Gets or creates the named event.
     *
     * @param name the name
     * @return a proxy to the event
     */
    SharedEvent event(String name);

    /**
     * Creates a condition with its own reentrant lock: Python's {@code Condition()}.
     *
     * @return a proxy to the new condition
     */
    SharedCondition condition();

    /**
     * Creates a condition bound to a shared lock: Python's {@code Condition(lock)}.
     *
     * @param lock the lock
     * @return a proxy to the new condition
     */
    SharedCondition condition(SharedLock lock);

    /**
     * Gets or creates the named condition, bound to a named reentrant lock of its own
     * ({@code condition.lock()}): processes that ask for the same name wait and signal on the same
     * condition.
     *
     * @param name the name
     * @return a proxy to the condition
     */
    SharedCondition condition(String name);

    /**
     * Creates an anonymous barrier: Python's {@code Barrier(parties)}.
     *
     * @param parties how many parties must arrive
     * @return a proxy to the new barrier
     */
    SharedBarrier barrier(int parties);

    /**
     * Creates an anonymous barrier whose action runs once per trip, in the last arriving process.
     *
     * @param parties how many parties must arrive
     * @param action run by the last party before the others are released (if it throws, the barrier breaks)
     * @return a proxy to the new barrier, carrying the action
     */
    SharedBarrier barrier(int parties, Runnable action);

    /**
     * Gets or creates the named barrier.
     *
     * @param name the name
     * @param parties how many parties must arrive, if it is created now
     * @return a proxy to the barrier
     */
    SharedBarrier barrier(String name, int parties);

    /**
     * Gets or creates the named barrier, with an action this process runs when its party arrives last.
     *
     * @param name the name
     * @param parties how many parties must arrive, if it is created now
     * @param action the barrier action
     * @return a proxy to the barrier, carrying the action
     */
    SharedBarrier barrier(String name, int parties, Runnable action);

    /**
     * Creates an anonymous array of {@code length} zeros (Python's {@code Array('q', length)}): every element
     * operation is atomic on the server.
     *
     * @param length the number of elements
     * @return a proxy to the array
     */
    SharedLongArray array(int length);

    /**
     * Creates an anonymous array holding these values (Python's {@code Array('q', [1, 2, 3])}).
     *
     * @param values the initial values
     * @return a proxy to the array
     */
    SharedLongArray array(long... values);

    /**
     * Gets or creates the named array.
     *
     * @param name the name
     * @param length the number of elements (zeros, if it is created now)
     * @return a proxy to the array
     * @throws IllegalStateException if the array of that name has another length (the message names both)
     */
    SharedLongArray array(String name, int length);

    /**
     * Creates an anonymous array of {@code length} zeros of type {@code double} (Python's {@code Array('d', length)}).
     *
     * @param length the number of elements
     * @return a proxy to the array
     */
    SharedDoubleArray doubleArray(int length);

    /**
     * Creates an anonymous array of {@code double}s holding these values.
     *
     * @param values the initial values
     * @return a proxy to the array
     */
    SharedDoubleArray doubleArray(double... values);

    /**
     * Gets or creates the named array of {@code double}s.
     *
     * @param name the name
     * @param length the number of elements (zeros, if it is created now)
     * @return a proxy to the array
     * @throws IllegalStateException if the array of that name has another length (the message names both)
     */
    SharedDoubleArray doubleArray(String name, int length);

    /**
     * Starts an anonymous pool of {@code processes} worker JVMs, run by the manager server with its classpath
     * and JVM options: Python's {@code Manager().Pool(processes)}. The workers start in the background; tasks
     * submitted meanwhile wait for them.
     *
     * @param processes the number of workers, or 0 for one per processor of the manager server (Python's {@code Pool()})
     * @return a proxy to the pool
     */
    SharedPool pool(int processes);

    /**
     * Gets or creates the named pool.
     *
     * @param name the name
     * @param processes the number of workers if it is created now (0: one per processor of the server, or whatever
     *     the existing pool has)
     * @return a proxy to the pool
     * @throws IllegalStateException if the pool of that name has another number of processes (the message names both)
     */
    SharedPool pool(String name, int processes);

    /**
     * Starts an anonymous pool with options: Python's {@code Pool(processes, maxtasksperchild=...)}.
     *
     * @param options processes, tasks per worker, worker start timeout
     * @return a proxy to the pool
     */
    SharedPool pool(PoolOptions options);

    /**
     * Gets or creates the named pool with options.
     *
     * @param name the name
     * @param options processes, tasks per worker, worker start timeout (used if it is created now)
     * @return a proxy to the pool
     * @throws IllegalStateException if the pool of that name has another number of processes (the message names both)
     */
    SharedPool pool(String name, PoolOptions options);

    /**
     * Instantiates a registered class on the server and returns a proxy to the new instance: Python's
     * {@code manager.MyClass(args)}. The constructor is chosen by the arguments.
     *
     * @param <T> the proxy type
     * @param type the registered class, or the interface it was registered for
     * @param constructorArgs the constructor's arguments, sent by value
     * @return a proxy implementing (or extending) {@code type} and {@link SharedObject}
     * @throws IllegalArgumentException if the server has no registration for the type, or no single
     *     constructor matches the arguments
     */
    <T> T create(Class<T> type, Object... constructorArgs);

    /**
     * Gets or creates the named instance of a registered class.
     *
     * @param <T> the proxy type
     * @param name the name: every process asking for it gets the same instance
     * @param type the registered class, or its interface
     * @param constructorArgs the constructor's arguments if it is created now
     * @return a proxy to the instance
     * @throws IllegalStateException if the name holds an object of another type
     */
    <T> T named(String name, Class<T> type, Object... constructorArgs);

    /**
     * Opens a pipeline: a connection of its own on which many calls stay in flight at once, answered
     * through futures, in order. Close it when done.
     *
     * @return a new pipeline
     */
    Pipeline pipeline();

    /**
     * Rebuilds a proxy from a reference made in another process.
     *
     * @param <T> the proxy type, e.g. {@code SharedMap<String, Integer>}
     * @param ref the reference
     * @return a live proxy to the same hosted object
     * @throws IllegalStateException if the object no longer exists
     */
    <T> T proxy(SharedRef ref);

    /**
     * Removes a hosted object from the server now, named or anonymous. Later calls through any proxy
     * to it, in any process, fail with {@link IllegalStateException} saying it was destroyed.
     *
     * @param object a proxy to the object
     */
    void destroy(SharedObject object);

    /**
     * A snapshot of the server: its address and pid, the hosted objects and the connections.
     *
     * @return the snapshot
     */
    ManagerInfo info();

    /**
     * A cheap summary of the server: counts of hosted objects (by type) and connections, and its uptime. It
     * visits no hosted object and carries no list, so it is what a frequent probe (a health check, gauges) calls.
     *
     * @return the summary
     */
    ManagerStats stats();

    /**
     * Prepares a child JVM that runs {@code task} with {@code args}, connected to this manager:
     * Python's {@code Process(target=..., args=...)}. Call {@link ManagedProcess#start()} to run it.
     *
     * @param task the task class; it needs a public no-argument constructor
     * @param args arguments: shared objects arrive as live proxies, other values as copies (they go
     *     through the same allow-list as every value)
     * @return the unstarted process
     */
    ManagedProcess process(Class<? extends ProcessTask> task, Object... args);
}
