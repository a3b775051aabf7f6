package io.kavach.sim.record;

import io.kavach.sim.http.Endpoint;

/**
 * One HTTP request as the simulator received it. {@code userId} is null when the token was missing
 * or refused; the token itself is never recorded. {@code httpStatus} is what the simulator answered,
 * 0 when it deliberately did not answer (a timeout fault), 101 for a WebSocket upgrade.
 *
 * <p>Immutable; safe on any thread.
 */
public record RecordedRequest(long receivedEpochMs, long receivedNanos, String userId, String method, String uri,
                              Endpoint endpoint, boolean orderHost, String body, int httpStatus, String algoName) {
}
