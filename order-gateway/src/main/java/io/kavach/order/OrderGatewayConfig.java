package io.kavach.order;

import io.kavach.order.limit.RateLimits;

import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Settings of the order gateway, as name + default constants with units in the names. The access
 * token is kept as bytes and never printed: {@link #toString()} shows only whether one is set.
 *
 * <p>Threading: build on one thread, then hand to the router; not modified afterwards.
 */
public final class OrderGatewayConfig {
    public static final String ORDER_BASE_URI_DEFAULT = "https://api-hft.upstox.com";
    public static final String READ_BASE_URI_DEFAULT = "https://api.upstox.com";
    public static final int ORDER_CONNECTIONS_DEFAULT = 4;
    public static final int READ_CONNECTIONS_DEFAULT = 2;
    public static final long CONNECT_TIMEOUT_MS_DEFAULT = 3_000L;
    /** An order call with no answer after this long has an unknown outcome (looked up by tag). */
    public static final long REQUEST_TIMEOUT_MS_DEFAULT = 5_000L;
    public static final long RECONNECT_DELAY_MS_DEFAULT = 250L;
    public static final long RECONNECT_DELAY_MAX_MS_DEFAULT = 5_000L;
    /** After a timeout/5xx wait this long before asking the order history by tag, so a slow request has landed. */
    public static final long LOOKUP_SETTLE_MS_DEFAULT = 2_000L;
    /** First 429 backoff; doubles on each consecutive 429 up to the max. */
    public static final long BACKOFF_429_MS_DEFAULT = 1_000L;
    public static final long BACKOFF_429_MAX_MS_DEFAULT = 30_000L;
    public static final int RETRY_ATTEMPTS_MAX_DEFAULT = 5;
    public static final long RETRY_BACKOFF_MS_DEFAULT = 1_000L;
    public static final long RETRY_BACKOFF_MAX_MS_DEFAULT = 30_000L;
    /** A place is retried for at most this long after its first failure, then it fails. */
    public static final long RETRY_WINDOW_MS_DEFAULT = 10 * 60_000L;
    /** Confirm a new order's fate this long after placement unless the broker already told us. */
    public static final long VERIFY_DELAY_MS_DEFAULT = 2_000L;
    public static final int VERIFY_ATTEMPTS_MAX_DEFAULT = 5;
    /** Above this many orders due for verification, one order-book read replaces per-order detail reads. */
    public static final int VERIFY_DETAILS_MAX_DEFAULT = 3;
    public static final long RECONCILE_INTERVAL_MS_DEFAULT = 60_000L;
    public static final long TICK_INTERVAL_MS_DEFAULT = 1L;
    public static final int QUEUE_CAPACITY_DEFAULT = 100_000;
    /** IST minute after which a new intraday order gets a warning (15:12). */
    public static final int INTRADAY_WARN_MINUTE_DEFAULT = 15 * 60 + 12;
    /** IST minute of the broker's intraday square-off start (15:15). */
    public static final int SQUARE_OFF_MINUTE_DEFAULT = 15 * 60 + 15;
    public static final int MAX_RESPONSE_BYTES_DEFAULT = 8 * 1024 * 1024;
    /**
     * Orders the router's maps are sized for up front, so no map rehashes on the send path during the
     * day (2,000 order calls per 30 min over a 12.5 h order day is 50,000 at most).
     */
    public static final int ORDERS_PER_DAY_EXPECTED_DEFAULT = 50_000;

    private URI orderBaseUri = URI.create(ORDER_BASE_URI_DEFAULT);
    private URI readBaseUri = URI.create(READ_BASE_URI_DEFAULT);
    private byte[] accessToken = new byte[0];
    private String algoName;
    private int orderConnections = ORDER_CONNECTIONS_DEFAULT;
    private int readConnections = READ_CONNECTIONS_DEFAULT;
    private long connectTimeoutMs = CONNECT_TIMEOUT_MS_DEFAULT;
    private long requestTimeoutMs = REQUEST_TIMEOUT_MS_DEFAULT;
    private long reconnectDelayMs = RECONNECT_DELAY_MS_DEFAULT;
    private long reconnectDelayMaxMs = RECONNECT_DELAY_MAX_MS_DEFAULT;
    private long lookupSettleMs = LOOKUP_SETTLE_MS_DEFAULT;
    private long backoff429Ms = BACKOFF_429_MS_DEFAULT;
    private long backoff429MaxMs = BACKOFF_429_MAX_MS_DEFAULT;
    private int retryAttemptsMax = RETRY_ATTEMPTS_MAX_DEFAULT;
    private long retryBackoffMs = RETRY_BACKOFF_MS_DEFAULT;
    private long retryBackoffMaxMs = RETRY_BACKOFF_MAX_MS_DEFAULT;
    private long retryWindowMs = RETRY_WINDOW_MS_DEFAULT;
    private long verifyDelayMs = VERIFY_DELAY_MS_DEFAULT;
    private int verifyAttemptsMax = VERIFY_ATTEMPTS_MAX_DEFAULT;
    private int verifyDetailsMax = VERIFY_DETAILS_MAX_DEFAULT;
    private long reconcileIntervalMs = RECONCILE_INTERVAL_MS_DEFAULT;
    private long tickIntervalMs = TICK_INTERVAL_MS_DEFAULT;
    private boolean autoTick = true;
    private int queueCapacity = QUEUE_CAPACITY_DEFAULT;
    private int intradayWarnMinute = INTRADAY_WARN_MINUTE_DEFAULT;
    private int squareOffMinute = SQUARE_OFF_MINUTE_DEFAULT;
    private boolean marketHoursCheck = true;
    private int maxResponseBytes = MAX_RESPONSE_BYTES_DEFAULT;
    private int ordersPerDayExpected = ORDERS_PER_DAY_EXPECTED_DEFAULT;
    private RateLimits orderLimits = RateLimits.orderDefaults();
    private RateLimits readLimits = RateLimits.readDefaults();
    private javax.net.ssl.TrustManagerFactory trustManagerFactory;

    public URI orderBaseUri() { return orderBaseUri; }
    public OrderGatewayConfig orderBaseUri(final String uri) { orderBaseUri = URI.create(uri); return this; }
    public URI readBaseUri() { return readBaseUri; }
    public OrderGatewayConfig readBaseUri(final String uri) { readBaseUri = URI.create(uri); return this; }

    /** The token as bytes; callers must not log or copy it into messages. */
    public byte[] accessTokenBytes() { return accessToken; }
    public OrderGatewayConfig accessToken(final String token) { accessToken = token.getBytes(StandardCharsets.US_ASCII); return this; }
    public String algoName() { return algoName; }
    public OrderGatewayConfig algoName(final String name) { algoName = name; return this; }
    public int orderConnections() { return orderConnections; }
    public OrderGatewayConfig orderConnections(final int n) { orderConnections = positive(n, "orderConnections"); return this; }
    public int readConnections() { return readConnections; }
    public OrderGatewayConfig readConnections(final int n) { readConnections = positive(n, "readConnections"); return this; }
    public long connectTimeoutMs() { return connectTimeoutMs; }
    public OrderGatewayConfig connectTimeoutMs(final long ms) { connectTimeoutMs = positive(ms, "connectTimeoutMs"); return this; }
    public long requestTimeoutMs() { return requestTimeoutMs; }
    public OrderGatewayConfig requestTimeoutMs(final long ms) { requestTimeoutMs = positive(ms, "requestTimeoutMs"); return this; }
    public long reconnectDelayMs() { return reconnectDelayMs; }
    public long reconnectDelayMaxMs() { return reconnectDelayMaxMs; }
    public OrderGatewayConfig reconnectDelayMs(final long ms, final long maxMs) { reconnectDelayMs = positive(ms, "reconnectDelayMs"); reconnectDelayMaxMs = Math.max(ms, maxMs); return this; }
    public long lookupSettleMs() { return lookupSettleMs; }
    public OrderGatewayConfig lookupSettleMs(final long ms) { lookupSettleMs = Math.max(0, ms); return this; }
    public long backoff429Ms() { return backoff429Ms; }
    public long backoff429MaxMs() { return backoff429MaxMs; }
    public OrderGatewayConfig backoff429Ms(final long ms, final long maxMs) { backoff429Ms = positive(ms, "backoff429Ms"); backoff429MaxMs = Math.max(ms, maxMs); return this; }
    public int retryAttemptsMax() { return retryAttemptsMax; }
    public OrderGatewayConfig retryAttemptsMax(final int n) { retryAttemptsMax = Math.max(0, n); return this; }
    public long retryBackoffMs() { return retryBackoffMs; }
    public long retryBackoffMaxMs() { return retryBackoffMaxMs; }
    public OrderGatewayConfig retryBackoffMs(final long ms, final long maxMs) { retryBackoffMs = positive(ms, "retryBackoffMs"); retryBackoffMaxMs = Math.max(ms, maxMs); return this; }
    public long retryWindowMs() { return retryWindowMs; }
    public OrderGatewayConfig retryWindowMs(final long ms) { retryWindowMs = positive(ms, "retryWindowMs"); return this; }
    public long verifyDelayMs() { return verifyDelayMs; }
    public OrderGatewayConfig verifyDelayMs(final long ms) { verifyDelayMs = positive(ms, "verifyDelayMs"); return this; }
    public int verifyAttemptsMax() { return verifyAttemptsMax; }
    public OrderGatewayConfig verifyAttemptsMax(final int n) { verifyAttemptsMax = Math.max(0, n); return this; }
    public int verifyDetailsMax() { return verifyDetailsMax; }
    public OrderGatewayConfig verifyDetailsMax(final int n) { verifyDetailsMax = Math.max(0, n); return this; }
    public long reconcileIntervalMs() { return reconcileIntervalMs; }
    public OrderGatewayConfig reconcileIntervalMs(final long ms) { reconcileIntervalMs = positive(ms, "reconcileIntervalMs"); return this; }
    public int ordersPerDayExpected() { return ordersPerDayExpected; }
    public OrderGatewayConfig ordersPerDayExpected(final int n) { ordersPerDayExpected = positive(n, "ordersPerDayExpected"); return this; }

    public long tickIntervalMs() { return tickIntervalMs; }
    public OrderGatewayConfig tickIntervalMs(final long ms) { tickIntervalMs = positive(ms, "tickIntervalMs"); return this; }
    /** False when a test drives {@code tick()} itself (with a fake clock). */
    public boolean autoTick() { return autoTick; }
    public OrderGatewayConfig autoTick(final boolean on) { autoTick = on; return this; }
    public int queueCapacity() { return queueCapacity; }
    public OrderGatewayConfig queueCapacity(final int n) { queueCapacity = positive(n, "queueCapacity"); return this; }
    public int intradayWarnMinute() { return intradayWarnMinute; }
    public int squareOffMinute() { return squareOffMinute; }
    public OrderGatewayConfig intradayMinutes(final int warnMinute, final int squareOffMinute) { intradayWarnMinute = warnMinute; this.squareOffMinute = squareOffMinute; return this; }
    /** False: treat every moment as market hours (no AMO, no holding) — for tests of other concerns. */
    public boolean marketHoursCheck() { return marketHoursCheck; }
    public OrderGatewayConfig marketHoursCheck(final boolean on) { marketHoursCheck = on; return this; }
    public int maxResponseBytes() { return maxResponseBytes; }
    public RateLimits orderLimits() { return orderLimits; }
    public OrderGatewayConfig orderLimits(final RateLimits limits) { orderLimits = limits; return this; }
    public RateLimits readLimits() { return readLimits; }
    public OrderGatewayConfig readLimits(final RateLimits limits) { readLimits = limits; return this; }

    /** Null: the JDK's default trust store. Set for a private CA (a TLS-intercepting proxy, a test server). */
    public javax.net.ssl.TrustManagerFactory trustManagerFactory() { return trustManagerFactory; }
    public OrderGatewayConfig trustManagerFactory(final javax.net.ssl.TrustManagerFactory tmf) { trustManagerFactory = tmf; return this; }

    private static int positive(final int v, final String name) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + v);
        }
        return v;
    }

    private static long positive(final long v, final String name) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + v);
        }
        return v;
    }

    @Override
    public String toString() {
        return "OrderGatewayConfig{orderBaseUri=" + orderBaseUri + ", readBaseUri=" + readBaseUri
                + ", accessToken=" + (accessToken.length == 0 ? "<unset>" : "<redacted>")
                + ", algoName=" + algoName + ", connections=" + orderConnections + "/" + readConnections
                + ", requestTimeoutMs=" + requestTimeoutMs + ", orderLimits=" + orderLimits
                + ", readLimits=" + readLimits + ", retryAttemptsMax=" + retryAttemptsMax
                + ", reconcileIntervalMs=" + reconcileIntervalMs + '}';
    }

    /** Replaces the token in {@code text} (and any Bearer credential) with a placeholder, for logs. */
    public String redact(final String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        if (accessToken.length > 0) {
            out = out.replace(new String(accessToken, StandardCharsets.US_ASCII), "<redacted>");
        }
        return out.replaceAll("(?i)bearer\\s+[^\\s\"',}]+", "Bearer <redacted>");
    }
}
