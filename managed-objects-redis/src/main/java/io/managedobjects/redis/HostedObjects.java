package io.managedobjects.redis;

import io.managedobjects.ManagerConnectionException;
import io.managedobjects.ManagerException;
import io.managedobjects.SharedRef;
import io.managedobjects.internal.TypeRegistration;
import io.managedobjects.internal.client.Proxies;
import io.managedobjects.internal.codec.ErrorInfo;
import io.managedobjects.internal.codec.RefResolver;
import io.managedobjects.internal.codec.Request;
import io.managedobjects.internal.codec.Response;
import io.managedobjects.internal.codec.WireCodec;
import io.managedobjects.internal.server.HostedInstances;
import java.lang.ref.Reference;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Instances of registered classes on Redis. Redis cannot run a user's method, so the process that creates an
 * instance hosts it (its host), and a call from any process, the host's own included, goes through Redis: the caller
 * queues it for the host ({@code uCall}), the host runs it (one call at a time unless the class is thread-safe) and
 * stores the reply ({@code uReply}), and the caller, waiting on its session's reply channel, takes it
 * ({@code uTake}). The instance lives as long as its host's session: when the host closes its manager or dies (its
 * lease runs out), the instance is gone, and a call on it, or one waiting for its reply, fails naming the process
 * that hosted it. A named instance whose host has gone is created again, in the caller's process, by the next
 * {@code named(...)}.
 */
final class HostedObjects implements AutoCloseable {

    private final RedisManager manager;
    private final Notifications notifications;
    private final WireCodec codec;
    private final HostedInstances registered;
    private final ClassLoader loader;
    /** The instances this process hosts, by id, each with the session it was created in (it ends with that session). */
    private final Map<String, Held> instances = new ConcurrentHashMap<>();
    /**
     * Held while an instance is created and entered in {@link #instances}, and while one is dropped: a call, or a drop,
     * that comes first waits for it.
     */
    private final Object creating = new Object();
    private final Map<String, Class<?>> apiClasses = new ConcurrentHashMap<>();
    private final AtomicLong callIds = new AtomicLong();
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "managed-objects-redis-hosted-call");
        thread.setDaemon(true);
        return thread;
    });
    private @Nullable Thread server;
    /** Where the replies to this process's calls are published. */
    private final SessionChannel replies;
    /** Where the requests to this process's instances are published. */
    private final SessionChannel requests;
    private volatile boolean closed;

    HostedObjects(RedisManager manager, Notifications notifications, WireCodec codec, List<TypeRegistration> registrations,
            ClassLoader loader) {
        this.manager = manager;
        this.notifications = notifications;
        this.codec = codec;
        this.loader = loader;
        this.registered = new HostedInstances(registrations, loader);
        this.replies = new SessionChannel(manager::replyChannel);
        this.requests = new SessionChannel(manager::requestChannel);
    }

    /** An instance this process hosts, and the session it was created in. */
    private record Held(String session, HostedInstances.Instance instance) {
    }

    /**
     * A channel of this process's session, subscribed from its first use for as long as the session lasts: a wait on
     * it subscribes nothing more in Redis. A waiter reads its count of changes before it tries, so a message that
     * comes meanwhile is never missed; one lost in a reconnection delays it by at most {@link Notifications#RECHECK_MILLIS}.
     */
    private final class SessionChannel {
        private final java.util.function.UnaryOperator<String> name;
        private Notifications.@Nullable Subscription subscription;
        private String session = "";

        SessionChannel(java.util.function.UnaryOperator<String> name) {
            this.name = name;
        }

        /**
         * The subscription to the channel of a session (a new session's replaces the last).
         *
         * @param sessionId the session
         * @return the subscription
         */
        synchronized Notifications.Subscription in(String sessionId) {
            if (subscription == null || !sessionId.equals(session)) {
                Notifications.Subscription previous = subscription;
                subscription = notifications.subscribe(name.apply(sessionId));
                session = sessionId;
                if (previous != null) {
                    previous.close();
                }
            }
            return subscription;
        }

        synchronized void close() {
            if (subscription != null) {
                subscription.close();
                subscription = null;
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ creating

    /**
     * Creates an instance hosted by this process, or gets the named one wherever it is hosted.
     *
     * @param type the registered api or implementation class
     * @param name the name, or null for an anonymous instance
     * @param args the constructor's arguments
     * @return its proxy
     */
    <T> T create(Class<T> type, @Nullable String name, Object[] args) {
        TypeRegistration registration = registered.forClass(type.getName());
        if (name != null) {
            List<?> existing = manager.lookup(name, registration == null ? "" : registration.typeId(), type.getName());
            if (existing != null) {
                return type.cast(manager.proxyFor(new SharedRef(RedisManager.text(existing.get(1)), RedisManager.text(existing.get(0)), name)));
            }
        }
        if (registration == null) {
            throw new IllegalArgumentException("Class " + type.getName() + " is not registered in this process: on Redis the "
                    + "process that creates an instance hosts it and runs its methods, so register the class where this "
                    + "Manager is built, e.g. Manager.builder().address(\"redis://…\").register(" + type.getSimpleName()
                    + ".class) (Spring Boot: annotate it @ManagedObject, or list it in managed-objects.types)");
        }
        HostedInstances.Instance instance;
        try {
            // the instance gets copies of its arguments, as it would on a manager server
            instance = registered.instantiate(registration, copies(args));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw RedisManager.sneaky(e);
        }
        List<?> reply;
        synchronized (creating) {
            reply = manager.createObject(registration.typeId(), name, "uInit", registration.api(), registration.implementation(),
                    registration.threadSafe() ? 1 : 0);
            String session = manager.lastCallSessionId();
            if (RedisManager.number(reply.get(1)) == 1 && session.equals(manager.sessionId())) {
                instances.put(RedisManager.text(reply.get(0)), new Held(session, instance));
                serve();
            }
            // else another process created the named instance meanwhile (it hosts it, and this one is dropped), or the
            // session it was created in has ended since (and the instance with it)
        }
        return type.cast(manager.proxyFor(new SharedRef(registration.typeId(), RedisManager.text(reply.get(0)), name)));
    }

    private Object[] copies(Object[] args) {
        byte[] bytes = codec.encodeValue(Arrays.asList(args), manager.encodingRefs(new StringBuilder()));
        try {
            return decodedCopies(bytes);
        } finally {
            Reference.reachabilityFence(args);   // a proxy among them keeps its object until the copy holds it too
        }
    }

    private Object[] decodedCopies(byte[] bytes) {
        List<?> copied = (List<?>) codec.decodeValue(bytes, new RefResolver() {
            @Override
            public @Nullable SharedRef toRef(Object value) {
                return null;
            }

            @Override
            public Object fromRef(SharedRef ref) {
                return manager.proxy(ref);   // held by this process's session, for as long as the instance keeps it
            }
        });
        return Objects.requireNonNull(copied).toArray();
    }

    /**
     * The class the proxies of a type id implement or extend: registered here, or as the host registered it (it must
     * be on this process's classpath).
     *
     * @param typeId the type id
     * @return the class
     */
    Class<?> apiClass(String typeId) {
        TypeRegistration registration = registered.forTypeId(typeId);
        if (registration != null) {
            return registered.apiClass(registration);
        }
        return apiClasses.computeIfAbsent(typeId, id -> {
            Object className = manager.run("typeOf", "", id);
            if (className == null) {
                throw new ManagerException("No process has hosted objects of the type id '" + id + "' on Redis at "
                        + manager.redactedAddress() + ": register its class where the instances are created");
            }
            try {
                return Class.forName(RedisManager.text(className), false, loader);
            } catch (ClassNotFoundException e) {
                throw new ManagerException("Objects of " + RedisManager.text(className) + " (type id '" + id + "') are hosted on "
                        + "Redis, but that class is not on this process's classpath: add it to use them here", e);
            }
        });
    }

    // ------------------------------------------------------------------------------------------------ calling

    /**
     * Calls a method of an instance, wherever it is hosted, and waits for its reply.
     *
     * @param ref the instance
     * @param signature the method's signature
     * @param method the method, for the exceptions it declares
     * @param args its arguments
     * @return its result
     */
    @Nullable Object call(SharedRef ref, String signature, @Nullable Method method, Object[] args) throws InterruptedException {
        long callId = callIds.incrementAndGet();
        StringBuilder refs = new StringBuilder();
        byte[] request = codec.encodeRequest(callId, ref.id(), signature, args, manager.encodingRefs(refs));
        String current = manager.sessionId();
        Notifications.Subscription subscription = replies.in(current);
        long seen = subscription.changes();   // read before the call: its reply's message cannot be missed
        RedisManager.Call sent = manager.call("uCall", ref.id(), callId, request, refs.toString());
        String session = sent.session().id();
        Reference.reachabilityFence(args);   // its host holds the shared objects among them now
        if (!session.equals(current)) {
            seen = -1;   // the call renewed the session: look at once (a later session's channel is subscribed when it is used)
        }
        Object reply = awaitReply(subscription, seen, ref.id(), session, callId);
        Response response = codec.decodeResponse((byte[]) reply, manager.decodingRefs());
        if (response.error() != null) {
            throw RedisManager.sneaky(Proxies.remoteError(response.error(), codec.policy(), method));
        }
        return response.value();
    }

    /**
     * Waits for a call's reply: after each change on the session's reply channel, and at least every
     * {@link Notifications#RECHECK_MILLIS} (which also notices a host that has gone), takes it if it is there. An
     * interrupt does not end the wait (the call runs on), and is kept for the caller; Redis unreachable for longer than
     * the session timeout fails it.
     */
    private Object awaitReply(Notifications.Subscription subscription, long seen, String id, String session, long callId) {
        boolean interrupted = false;
        long unreachableSince = 0;
        try {
            while (true) {
                try {
                    subscription.awaitChange(seen, Notifications.RECHECK_MILLIS);
                } catch (InterruptedException e) {
                    interrupted = true;   // the call runs on: its reply is read, and the interrupt kept for the caller
                }
                seen = subscription.changes();
                try {
                    Object reply = manager.call("uTake", id, session, callId).result();
                    if (reply != null) {
                        return reply;
                    }
                    unreachableSince = 0;
                } catch (ManagerConnectionException e) {
                    long now = System.nanoTime();
                    unreachableSince = unreachableSince == 0 ? now : unreachableSince;
                    if (e instanceof RedisManager.CallLostException || manager.isClosed()
                            || now - unreachableSince > manager.sessionTimeout().toNanos()) {
                        throw e;
                    }
                    seen = -1;   // try again soon: the reply may have come meanwhile
                    sleep(200);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------------------------------------ hosting

    /** Starts serving this process's instances, once it hosts one. */
    private void serve() {
        synchronized (creating) {
            if (server == null && !closed) {
                Thread thread = new Thread(this::serveRequests, "managed-objects-redis-host");
                thread.setDaemon(true);
                thread.start();
                server = thread;
            }
        }
    }

    /** Takes the requests to this process's instances, and runs each call on a worker. */
    private void serveRequests() {
        String served = "";
        long handled = 0;
        while (!closed) {
            try {
                String session = manager.sessionId();
                if (!session.equals(served)) {
                    served = session;
                    handled = 0;
                }
                Notifications.Subscription subscription = requests.in(served);
                long seen = subscription.changes();
                RedisManager.Call call = manager.call("uNext", "", handled, served);
                if (!call.session().id().equals(served)) {
                    continue;   // the session was renewed: its instances had ended with the old one
                }
                List<?> entries = (List<?>) Objects.requireNonNull(call.result());
                for (Object entry : entries) {
                    handled = Math.max(handled, handle((byte[]) entry));
                }
                if (entries.isEmpty()) {
                    subscription.awaitChange(seen, Notifications.RECHECK_MILLIS);
                }
            } catch (InterruptedException e) {
                return;
            } catch (Throwable e) {   // Redis unreachable, or worse: the host keeps serving, and tries again shortly
                if (closed) {
                    return;
                }
                sleep(200);   // close() sets closed before it interrupts: the loop then ends
            }
        }
    }

    /**
     * Handles one request: drops an instance ({@code seq - id}), or decodes a call ({@code seq session callId}, then its
     * bytes) here, where the shared objects among its arguments become proxies held by this session, and runs it on
     * a worker.
     *
     * @return the request's number
     */
    private long handle(byte[] entry) {
        int newline = indexOf(entry, (byte) '\n');
        String[] header = new String(entry, 0, newline, StandardCharsets.UTF_8).split(" ");
        long seq = Long.parseLong(header[0]);
        if (header[1].equals("-")) {
            synchronized (creating) {   // one being created is entered first, then dropped
                instances.remove(header[2]);
            }
            return seq;
        }
        String caller = header[1];
        long callId = Long.parseLong(header[2]);
        byte[] payload = Arrays.copyOfRange(entry, newline + 1, entry.length);
        Request request;
        try {
            request = codec.decodeRequest(payload, manager.decodingRefs());
        } catch (Throwable e) {   // an argument of a type not allowed here, or whose class fails to load
            workers.execute(() -> reply(caller, callId, null, e));
            return seq;
        }
        workers.execute(() -> run(caller, callId, request));
        return seq;
    }

    private void run(String caller, long callId, Request request) {
        Held held = instances.get(request.target());
        if (held == null) {
            synchronized (creating) {   // one being created: its creator enters it first
                held = instances.get(request.target());
            }
        }
        HostedInstances.Instance instance = held == null || !held.session().equals(manager.sessionId()) ? null : held.instance();
        if (instance == null) {
            reply(caller, callId, null, new IllegalStateException("The shared object " + request.target()
                    + " no longer exists: it was destroyed, or released by every process"));
            return;
        }
        Object result;
        try {
            result = instance.invoke(request);
        } catch (Throwable t) {
            reply(caller, callId, null, t);
            return;
        }
        reply(caller, callId, result, null);
    }

    /**
     * Sends a call's result, or its failure, to its caller; while Redis cannot be reached, tries again until it can, the
     * caller's session has ended, or this manager closes (the caller waits for it: a reply lost would leave it waiting
     * for as long as this host lives). A reply Redis refuses (e.g. above its memory limit) is replaced by that failure.
     */
    private void reply(String caller, long callId, @Nullable Object result, @Nullable Throwable failure) {
        StringBuilder refs = new StringBuilder();
        byte[] bytes;
        if (failure == null) {
            try {
                bytes = codec.encodeResult(callId, result, manager.encodingRefs(refs));
            } catch (Throwable e) {   // a result of a type that may not cross
                refs.setLength(0);
                bytes = codec.encodeError(callId, ErrorInfo.of(e));
            }
        } else {
            bytes = codec.encodeError(callId, ErrorInfo.of(failure));
        }
        String operation = "uReply";
        try {
            for (int attempt = 1; !closed; attempt++) {
                try {
                    manager.call(operation, "", caller, callId, bytes, refs.toString());
                    return;
                } catch (ManagerConnectionException e) {
                    sleep(Math.min(2000, 100L * attempt));
                } catch (RuntimeException e) {
                    if (operation.equals("uFail")) {
                        return;   // not even the failure can be stored: the caller waits until this host's session ends
                    }
                    // the caller gets the refusal instead, stored even above Redis's memory limit (it is small)
                    operation = "uFail";
                    refs.setLength(0);
                    bytes = codec.encodeError(callId, ErrorInfo.of(e));
                }
            }
        } finally {
            Reference.reachabilityFence(result);   // what it refers to is held by the caller's session now
        }
    }

    private static int indexOf(byte[] bytes, byte wanted) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        throw new IllegalStateException("A request to a hosted instance has no header");
    }

    /** This process's session ended (its instances with it): a new one hosts none of them. */
    void sessionEnded() {
        String current = manager.sessionId();
        instances.values().removeIf(held -> !held.session().equals(current));
    }

    /**
     * How many instances this process hosts.
     *
     * @return the count
     */
    int hosted() {
        return instances.size();
    }

    @Override
    public void close() {
        closed = true;
        Thread thread;
        synchronized (creating) {
            thread = server;
        }
        if (thread != null) {
            thread.interrupt();
        }
        workers.shutdownNow();
        instances.clear();
        replies.close();
        requests.close();
    }
}
