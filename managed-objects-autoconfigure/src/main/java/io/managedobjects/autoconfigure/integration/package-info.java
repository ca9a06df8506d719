/**
 * Spring Integration support for managed-objects: {@link io.managedobjects.autoconfigure.integration.SharedLockRegistry},
 * a {@link org.springframework.integration.support.locks.LockRegistry} of reentrant locks hosted by the manager
 * server, for locks shared by every process of the server and for leader election with a
 * {@link org.springframework.integration.support.leader.LockRegistryLeaderInitiator}; auto-configured when Spring
 * Integration is on the classpath.
 */
@NullMarked
package io.managedobjects.autoconfigure.integration;

import org.jspecify.annotations.NullMarked;
