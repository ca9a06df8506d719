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
public final class ServerOps {

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
     * Creates an object (or gets a named one) and counts one reference for the caller.
     *
     * @param type the type id
     * @param name the name, or null
     * @param args constructor arguments
     * @return the new reference
     */
    public Object create(String type, @Nullable String name, List<Object> args) {
        HostedObject object = registry.create(type, name, args.toArray());
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
     * collection, under its owner's monitor) or an instance of a registered class.
     *
     * @param result the method's result
     * @param owner the host the method ran on
     * @return the new reference, counted for the caller
     */
    Object share(Object result, Host owner) {
        HostedObject object = engine.hostResult(result, owner);
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
     * A no-op round trip.
     *
     * @return the server's pid
     */
    public long ping() {
        return ProcessHandle.current().pid();
    }
}
