package io.kavach.feed.connection;

/**
 * Connection-state callbacks of a {@link FeedConnection}, for the engine's CONTROL events and
 * alerts. Messages never contain the token or the single-use feed URI.
 *
 * <p>Threading: called on the connection's event loop.
 */
public interface FeedConnectionListener {
    /** The WebSocket is open (subscriptions have just been sent). */
    void onConnected(String feedName);

    /** The connection was lost or refused; a reconnect is scheduled after {@code retryInMs}. */
    void onDisconnected(String feedName, String reason, long retryInMs);

    /**
     * The broker refused the token and the {@link TokenSource} has no fresh one: the feed is paused
     * (no reconnect attempts beyond one token re-check every {@code recheckInMs}) until a fresh token
     * appears or {@link FeedConnection#resume()} is called.
     */
    void onPaused(String feedName, String alert, long recheckInMs);

    /** A frame that could not be decoded was dropped (counted by the feed; reported at most once a second). */
    default void onBadFrame(String feedName, String description) {
    }

    /** A listener that ignores everything, for tools and tests that do not care. */
    FeedConnectionListener NONE = new FeedConnectionListener() {
        @Override
        public void onConnected(final String feedName) {
        }

        @Override
        public void onDisconnected(final String feedName, final String reason, final long retryInMs) {
        }

        @Override
        public void onPaused(final String feedName, final String alert, final long recheckInMs) {
        }
    };
}
