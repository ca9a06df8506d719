package io.managedobjects.internal.codec;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of a call: a value, or an error.
 *
 * @param callId the id of the call answered
 * @param value the result, when there is no error
 * @param error the failure, or null
 */
public record Response(long callId, @Nullable Object value, @Nullable ErrorInfo error) {
}
