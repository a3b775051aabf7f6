package io.kavach.store.status;

import java.time.Instant;

/**
 * A running service's heartbeat: what {@code kavach status} shows.
 *
 * @param state         starting, running, stopping or stopped
 * @param countersJson  a JSON object of named counters (ticks, fires, orders, errors …)
 */
public record ServiceStatus(
    String service,
    String instanceId,
    long pid,
    String host,
    String state,
    Instant startedAt,
    Instant heartbeatAt,
    String marketFeedState,
    String portfolioFeedState,
    Long lagMs,
    Long journalSeq,
    String countersJson,
    String version) {
}
