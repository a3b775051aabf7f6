package io.kavach.sim.auth;

/** The two WebSocket feeds a client authorizes for. */
public enum FeedKind {
    MARKET,
    PORTFOLIO
}
