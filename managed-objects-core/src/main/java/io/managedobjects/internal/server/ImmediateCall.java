package io.managedobjects.internal.server;

import org.jspecify.annotations.Nullable;

/**
 * The caller of an operation that is answered at once: a host operation whose first parameter is an
 * {@code ImmediateCall} (not a {@link Call}) can only prepare its reply and say what undoes it, so it never parks
 * and needs no owner, and a hosted object may call it through a server-side proxy. An operation taking a
 * {@code Call} waits or needs the caller's session, and is refused there.
 *
 * <p>The type says it rather than an annotation: reading a method's annotations makes the JDK generate a proxy class
 * per annotation type, which no class-data archive holds, on every server's way to its first reply.
 */
interface ImmediateCall {

    /**
     * Encodes the reply before the host changes anything ({@link Call#prepare}).
     *
     * @param result the result the operation will return
     * @return what the host operation returns instead of the result
     */
    @Nullable Object prepare(@Nullable Object result);

    /**
     * Says what the host does if the reply is never written after all ({@link Call#onUndelivered}).
     *
     * @param undo what the host does
     * @return this call
     */
    ImmediateCall onUndelivered(Runnable undo);
}
