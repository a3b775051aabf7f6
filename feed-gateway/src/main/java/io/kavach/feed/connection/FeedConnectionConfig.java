package io.kavach.feed.connection;

import io.netty.handler.ssl.SslContext;

import java.net.URI;

/**
 * Settings of one {@link FeedConnection}: name + default constants with units in the names. Set
 * before {@link FeedConnection#start()} on the thread that builds the connection; read-only afterwards.
 */
public final class FeedConnectionConfig {
    public static final String MARKET_AUTHORIZE_PATH = "/v3/feed/market-data-feed/authorize";
    public static final String PORTFOLIO_AUTHORIZE_PATH =
        "/v2/feed/portfolio-stream-feed/authorize?update_types=order%2Cposition%2Cholding%2Cgtt_order";

    /** How often we ping the server. */
    public static final long PING_INTERVAL_MS_DEFAULT = 3_000;
    /** A ping of ours unanswered (no pong, no frame at all) for this long drops and rebuilds the connection. */
    public static final long PONG_TIMEOUT_MS_DEFAULT = 10_000;
    public static final long BACKOFF_INITIAL_MS_DEFAULT = 1_000;
    public static final long BACKOFF_MAX_MS_DEFAULT = 60_000;
    public static final double BACKOFF_JITTER_FRACTION_DEFAULT = 0.25;
    /** A connection open this long resets the backoff to its initial delay. */
    public static final long HEALTHY_RESET_MS_DEFAULT = 30_000;
    /** While paused for want of a fresh token, the token source is re-checked this often. */
    public static final long TOKEN_RECHECK_MS_DEFAULT = 60_000;
    /** Authorize request, TCP connect and WebSocket handshake each must finish within this. */
    public static final long CONNECT_TIMEOUT_MS_DEFAULT = 10_000;
    public static final int MAX_FRAME_BYTES_DEFAULT = 8 * 1024 * 1024;

    private final String feedName;
    private final URI authorizeUri;
    private SslContext sslContext;
    private long pingIntervalMs = PING_INTERVAL_MS_DEFAULT;
    private long pongTimeoutMs = PONG_TIMEOUT_MS_DEFAULT;
    private long backoffInitialMs = BACKOFF_INITIAL_MS_DEFAULT;
    private long backoffMaxMs = BACKOFF_MAX_MS_DEFAULT;
    private double backoffJitterFraction = BACKOFF_JITTER_FRACTION_DEFAULT;
    private long healthyResetMs = HEALTHY_RESET_MS_DEFAULT;
    private long tokenRecheckMs = TOKEN_RECHECK_MS_DEFAULT;
    private long connectTimeoutMs = CONNECT_TIMEOUT_MS_DEFAULT;
    private int maxFrameBytes = MAX_FRAME_BYTES_DEFAULT;

    /**
     * @param feedName     for messages, e.g. {@code "market-feed"}
     * @param authorizeUri full authorize URL, e.g. {@code https://api.upstox.com} + {@link #MARKET_AUTHORIZE_PATH}
     */
    public FeedConnectionConfig(final String feedName, final URI authorizeUri) {
        this.feedName = feedName;
        this.authorizeUri = authorizeUri;
    }

    /**
     * TLS settings for https/wss; {@code null} (default) uses the JDK's trust store with host-name
     * verification. A custom context should keep {@code endpointIdentificationAlgorithm("HTTPS")}.
     */
    public FeedConnectionConfig sslContext(final SslContext value) {
        sslContext = value;
        return this;
    }

    public FeedConnectionConfig pingIntervalMs(final long value) {
        pingIntervalMs = value;
        return this;
    }

    public FeedConnectionConfig pongTimeoutMs(final long value) {
        pongTimeoutMs = value;
        return this;
    }

    public FeedConnectionConfig backoff(final long initialMs, final long maxMs, final double jitterFraction) {
        backoffInitialMs = initialMs;
        backoffMaxMs = maxMs;
        backoffJitterFraction = jitterFraction;
        return this;
    }

    public FeedConnectionConfig healthyResetMs(final long value) {
        healthyResetMs = value;
        return this;
    }

    public FeedConnectionConfig tokenRecheckMs(final long value) {
        tokenRecheckMs = value;
        return this;
    }

    public FeedConnectionConfig connectTimeoutMs(final long value) {
        connectTimeoutMs = value;
        return this;
    }

    public FeedConnectionConfig maxFrameBytes(final int value) {
        maxFrameBytes = value;
        return this;
    }

    public String feedName() {
        return feedName;
    }

    public URI authorizeUri() {
        return authorizeUri;
    }

    public SslContext sslContext() {
        return sslContext;
    }

    public long pingIntervalMs() {
        return pingIntervalMs;
    }

    public long pongTimeoutMs() {
        return pongTimeoutMs;
    }

    public long backoffInitialMs() {
        return backoffInitialMs;
    }

    public long backoffMaxMs() {
        return backoffMaxMs;
    }

    public double backoffJitterFraction() {
        return backoffJitterFraction;
    }

    public long healthyResetMs() {
        return healthyResetMs;
    }

    public long tokenRecheckMs() {
        return tokenRecheckMs;
    }

    public long connectTimeoutMs() {
        return connectTimeoutMs;
    }

    public int maxFrameBytes() {
        return maxFrameBytes;
    }
}
