package io.managedobjects.internal.codec;

import java.util.Arrays;

/**
 * One call: a method of a hosted object (or of the server itself, target {@link #SERVER}).
 *
 * @param callId the caller's id of the call, echoed in the response
 * @param thread the calling thread's id in its process: with the connection's session, the owner of what the call acquires
 * @param target the object id
 * @param method the remote operation's name
 * @param args the decoded arguments
 */
public record Request(long callId, long thread, String target, String method, Object[] args) {

    /** The target id of the server's own operations (create, release, info, ...). */
    public static final String SERVER = "";

    @Override
    public String toString() {
        return "Request[" + callId + " thread " + thread + " " + (target.isEmpty() ? "server" : target) + "." + method + "/" + args.length + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Request r && r.callId == callId && r.thread == thread && r.target.equals(target) && r.method.equals(method)
                && Arrays.equals(r.args, args);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(callId) * 31 + method.hashCode();
    }
}
