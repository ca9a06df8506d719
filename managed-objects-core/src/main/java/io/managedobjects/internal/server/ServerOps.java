package io.managedobjects.internal.server;

import io.managedobjects.ManagerInfo;
import io.managedobjects.SharedRef;
import io.managedobjects.internal.TypeRegistration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The server's own remote operations (request target {@code ""}), for one connection. Public methods
 * are the operations.
 */
final class ServerOps {

    private final ServerEngine engine;
    private final ObjectRegistry registry;
    private final Session session;
    private final ServerConnection connection;

    ServerOps(ServerEngine engine, ObjectRegistry registry, Session session, ServerConnection connection) {
        this.engine = engine;
        this.registry = registry;
        this.session = session;
        this.connection = connection;
    }

    /**
     * Whether a call of a server operation runs user code, or may wait for a monitor that user code holds: it then
     * runs on a worker thread, so that the connection's reading thread never waits for it.
     *
     * @param method the operation
     * @param args its arguments
     * @return true for instantiating a registered class, destroying an object, and making a named object (made under
     *     the registry's name lock, which a user constructor may hold for long)
     */
    static boolean runsUserCode(String method, @Nullable Object[] args) {
        return switch (method) {
            case "createInstance", "destroy" -> true;
            case "create" -> args.length > 1 && args[1] != null;
            default -> false;
        };
    }

    /**
     * Creates an object (or gets a named one) and counts one reference for the caller.
     *
     * @param type the type id
     * @param name the name, or null
     * @param args constructor arguments
     * @return the new reference
     */
    public Object create(String type, @Nullable String name, List<Object> args) {
        HostedObject object = registry.create(type, name, args.toArray(), engine);
        registry.addRef(session, object);
        return new ServerRefs.Created(object);
    }

    /**
     * Instantiates a registered class (or gets the named instance) and counts one reference for the caller.
     *
     * @param className the class the client asks for: a registered api or implementation class
     * @param name the name, or null
     * @param args constructor arguments
     * @return the new reference
     * @throws Exception what the constructor threw
     */
    public Object createInstance(String className, @Nullable String name, List<Object> args) throws Exception {
        UserTypes types = engine.userTypes();
        TypeRegistration registration = types.forClass(className);
        try {
            HostedObject object = registry.create(registration.typeId(), name,
                    () -> new UserHost(types.instantiate(registration, args.toArray()), registration), types.methods(registration));
            registry.addRef(session, object);
            return new ServerRefs.Created(object);
        } catch (ObjectRegistry.HostCreationException e) {
            throw (Exception) e.getCause();
        }
    }

    /**
     * The class proxies of a registered type id implement or extend, for clients that meet a reference
     * to one without having created it.
     *
     * @param typeId the type id
     * @return the api class name
     */
    public String typeOf(String typeId) {
        TypeRegistration registration = engine.userTypes().forTypeId(typeId);
        if (registration == null) {
            throw new IllegalArgumentException("No registered type has the id '" + typeId + "'");
        }
        return registration.api();
    }

    /**
     * Hosts the result of a {@code @SharedResult} method: a list, map or set (backed by that very
     * collection) or an instance of a registered class. Calls on it run under its owner's monitor, where
     * the owner's own calls run too; when the owner is thread-safe (its calls run concurrently, under no
     * monitor) they lock the result itself instead: a {@code Collections.synchronized*} collection is
     * locked as its own methods lock it, a {@code ConcurrentMap} needs no lock (each operation of the
     * shared map is one atomic operation of it), and any other collection is refused, since the owner's
     * methods could change it during a call.
     *
     * @param result the method's result
     * @param owner the object the method ran on
     * @param method the method, for error messages
     * @return the new reference, counted for the caller
     * @throws io.managedobjects.ManagerException if the result cannot be hosted safely
     */
    Object share(Object result, HostedObject owner, java.lang.reflect.Method method) {
        HostedObject object = engine.hostResult(result, owner, method);
        registry.addRef(session, object);
        return new ServerRefs.Created(object);
    }

    /**
     * Attaches to an existing object from a reference made elsewhere.
     *
     * @param ref the reference's text
     * @return the reference, counted for the caller when sent
     */
    public Object attach(String ref) {
        SharedRef parsed = SharedRef.parse(ref);
        if (parsed.name() != null && !registry.isOfThisRun(parsed.id())) {
            // a named object of an earlier run of the server: the object of that name now, if there is one
            HostedObject named = registry.named(parsed.name());
            if (named == null || !named.type().equals(parsed.type())) {
                throw new io.managedobjects.ManagerException("The manager server was restarted, and has no " + parsed.type() + " named '"
                        + parsed.name() + "' now: create it again (" + parsed + " was made by the earlier run)");
            }
            return new HostedRef(named);
        }
        HostedObject object = registry.get(parsed.id());
        return new HostedRef(object);
    }

    /**
     * Releases references held by the caller's proxies (sent when proxies are garbage collected).
     *
     * @param ids object ids, one per released proxy
     */
    public void release(List<String> ids) {
        for (String id : ids) {
            registry.release(session, id);
        }
    }

    /**
     * Destroys an object now.
     *
     * @param id the object id
     */
    public void destroy(String id) {
        registry.destroy(id);
    }

    /**
     * A snapshot of the server.
     *
     * @return the info
     */
    public ManagerInfo info() {
        return engine.info();
    }

    /**
     * A cheap summary of the server.
     *
     * @return counts and uptime
     */
    public io.managedobjects.ManagerStats stats() {
        return engine.stats();
    }

    /**
     * Cancels this connection's parked call (its caller was interrupted). The parked call is answered
     * first, with {@link InterruptedException} or with the result it got meanwhile.
     *
     * @param callId the parked call
     * @return whether a parked call was cancelled
     */
    public boolean cancel(long callId) {
        return connection.cancel(callId);
    }

    /**
     * Says what the calling client manager can receive, once per session: replies it could not decode
     * (a class it does not trust) or read (above its frame limit) then fail on the server, before a
     * queue hands out an item for them, and the item stays.
     *
     * @param trustedPackages the client's trusted packages
     * @param maxFrameBytes the client's frame limit
     * @return the server's session timeout in milliseconds (the client sends a heartbeat every third of it),
     *     the tag of this run of the server (object ids end with it), and the server's frame limit
     */
    public List<Object> announce(List<String> trustedPackages, int maxFrameBytes) {
        if (maxFrameBytes <= 0) {
            throw new IllegalArgumentException("A frame limit must be positive, got " + maxFrameBytes);
        }
        for (String pkg : trustedPackages) {
            io.managedobjects.internal.ManagerSettings.validatePackage(pkg);
        }
        session.codec = engine.replyCodec(trustedPackages);
        session.maxFrameBytes = maxFrameBytes;
        return List.of(engine.sessionTimeout().toMillis(), registry.instance(), engine.maxFrameBytes());
    }

    /**
     * A no-op round trip.
     *
     * @return the server's pid
     */
    public long ping() {
        return ProcessHandle.current().pid();
    }
}
