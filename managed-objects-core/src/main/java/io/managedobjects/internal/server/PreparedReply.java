package io.managedobjects.internal.server;

/**
 * A reply encoded before the host changed anything ({@link Call#prepare}): a host operation returns it
 * instead of its result, and the connection sends these bytes.
 *
 * @param bytes the encoded reply
 * @param refs the references the reply counted, given back if it is not sent
 * @param undelivered what the host does if the reply is never written (it takes its own lock), or null
 */
record PreparedReply(byte[] bytes, ReplyRefs refs, @org.jspecify.annotations.Nullable Runnable undelivered) {
}
