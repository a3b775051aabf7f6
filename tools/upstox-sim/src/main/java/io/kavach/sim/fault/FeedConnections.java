package io.kavach.sim.fault;

/** The open WebSocket connections of one feed, as faults see them; implementations hop onto the loop. */
public interface FeedConnections {
    /** Resets every open connection (TCP RST, no WebSocket close frame). */
    void dropAll();

    /** Makes every open connection silent: no data, no pings, no pongs, and no close. */
    void halfOpenAll();
}
