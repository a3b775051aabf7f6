package io.kavach.sim.auth;

/**
 * The two WebSocket feeds a client authorizes for.
 *
 * <p>Immutable; safe on any thread.
 */
public enum FeedKind {
    MARKET,
    PORTFOLIO
}
