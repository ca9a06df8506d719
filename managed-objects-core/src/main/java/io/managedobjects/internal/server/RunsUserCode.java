package io.managedobjects.internal.server;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a server operation that runs user code, or may wait for a monitor user code holds (instantiating a
 * registered class, destroying an object): it runs on a worker thread, so the connection's reading thread
 * never waits for it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface RunsUserCode {
}
