package io.managedobjects.internal.server;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a host operation that takes a {@link Call} only to prepare its reply ({@link Call#prepare}): it is
 * answered at once, never parks and needs no owner, so a hosted object may call it through a
 * server-side proxy. Other operations taking a {@code Call} wait or need the caller's session, and are
 * refused there.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface Immediate {
}
