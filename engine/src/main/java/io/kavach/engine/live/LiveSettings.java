package io.kavach.engine.live;

import io.kavach.engine.EngineSettings;
import io.kavach.feed.connection.FeedConnectionConfig;
import io.kavach.feed.connection.TokenSource;
import io.kavach.order.OrderMode;
import io.netty.handler.ssl.SslContext;

import javax.net.ssl.TrustManagerFactory;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Everything the live engine needs to reach a broker: hosts (Upstox's by default, the simulator's in
 * the demo and in tests), the token source, the order mode, which instruments to subscribe in which
 * feed mode, and the ring's settings. The token itself never lives here, only where to get it.
 *
 * @param apiBaseUrl     api.upstox.com: authorize, feeds, v2 reads
 * @param orderBaseUrl   api-hft.upstox.com: v3 place/modify/cancel
 * @param feedSsl        TLS for the feeds (null: the JDK's trust store, or plain ws:// for http URLs)
 * @param orderTrust     trust for the order client's TLS (null: the JDK's)
 * @param subscriptions  instrument key → feed mode ({@code ltpc}, {@code full}, …)
 * @param clockPeriodMs  how often the writer loop publishes a clock timer
 * @param marketHoursCheck false only where the wall clock is not market time (the demo replays 2023 data)
 * @param clockMs        the gateway's clock for timers and untimed broker events: the wall clock live,
 *                       the simulator's market clock in the demo (its market time is 2023)
 * @param feedPingIntervalMs how often the feeds ping the server when idle
 * @param feedPongTimeoutMs  an unanswered ping older than this drops and rebuilds the connection (half-open socket)
 * @param writerLoop     the writer loop's transport (epoll where available) and spin before blocking
 */
public record LiveSettings(String apiBaseUrl, String orderBaseUrl, SslContext feedSsl, TrustManagerFactory orderTrust,
                           TokenSource tokens, OrderMode mode, int userId, Map<String, String> subscriptions,
                           EngineSettings ring, long clockPeriodMs, boolean marketHoursCheck, LongSupplier clockMs,
                           long feedPingIntervalMs, long feedPongTimeoutMs, WriterLoopSettings writerLoop) {
    public static final String API_BASE_URL_DEFAULT = "https://api.upstox.com";
    public static final String ORDER_BASE_URL_DEFAULT = "https://api-hft.upstox.com";

    /** With the feeds' default liveness settings ({@link FeedConnectionConfig#PING_INTERVAL_MS_DEFAULT}, {@link FeedConnectionConfig#PONG_TIMEOUT_MS_DEFAULT}). */
    public LiveSettings(final String apiBaseUrl, final String orderBaseUrl, final SslContext feedSsl, final TrustManagerFactory orderTrust,
                        final TokenSource tokens, final OrderMode mode, final int userId, final Map<String, String> subscriptions,
                        final EngineSettings ring, final long clockPeriodMs, final boolean marketHoursCheck, final LongSupplier clockMs) {
        this(apiBaseUrl, orderBaseUrl, feedSsl, orderTrust, tokens, mode, userId, subscriptions, ring, clockPeriodMs, marketHoursCheck,
            clockMs, FeedConnectionConfig.PING_INTERVAL_MS_DEFAULT, FeedConnectionConfig.PONG_TIMEOUT_MS_DEFAULT,
            WriterLoopSettings.defaults());
    }

    /** The same settings with other feed liveness timings (tests use short ones). */
    public LiveSettings withFeedLiveness(final long pingIntervalMs, final long pongTimeoutMs) {
        return new LiveSettings(apiBaseUrl, orderBaseUrl, feedSsl, orderTrust, tokens, mode, userId, subscriptions, ring, clockPeriodMs,
            marketHoursCheck, clockMs, pingIntervalMs, pongTimeoutMs, writerLoop);
    }

    /** The same settings with another writer loop transport or spin. */
    public LiveSettings withWriterLoop(final WriterLoopSettings loop) {
        return new LiveSettings(apiBaseUrl, orderBaseUrl, feedSsl, orderTrust, tokens, mode, userId, subscriptions, ring, clockPeriodMs,
            marketHoursCheck, clockMs, feedPingIntervalMs, feedPongTimeoutMs, loop);
    }

    @Override
    public String toString() {
        // the token source describes where the token lives, never the token
        return "LiveSettings[api=" + apiBaseUrl + ", order=" + orderBaseUrl + ", tokens=" + tokens + ", mode=" + mode
            + ", user=" + userId + ", subscriptions=" + subscriptions.size() + "]";
    }
}
