package io.kavach.sim.http;

import java.util.EnumSet;
import java.util.Set;

/**
 * Every route the simulator answers, with the host it lives on ({@code api} = api.upstox.com,
 * {@code hft} = api-hft.upstox.com) and whether it counts as an order call for rate limits.
 *
 * <p>Immutable; safe on any thread.
 */
public enum Endpoint {
    AUTHORIZE_MARKET_FEED("GET", "/v3/feed/market-data-feed/authorize", false, false),
    AUTHORIZE_PORTFOLIO_FEED("GET", "/v2/feed/portfolio-stream-feed/authorize", false, false),
    /** The feed's own URL, which Upstox answers with a 307 to a single-use URI (strict clients refuse it). */
    MARKET_FEED_DIRECT("GET", "/v3/feed/market-data-feed", false, false),
    MARKET_FEED_UPGRADE("GET", "/market-data-feeder/v3/upstox-developer-api/feeds", false, false),
    PORTFOLIO_FEED_UPGRADE("GET", "/portfolio-stream-feeder/v2/upstox-developer-api/feeds", false, false),
    PLACE_ORDER("POST", "/v3/order/place", true, true),
    MODIFY_ORDER("PUT", "/v3/order/modify", true, true),
    CANCEL_ORDER("DELETE", "/v3/order/cancel", true, true),
    ORDER_BOOK("GET", "/v2/order/retrieve-all", false, false),
    ORDER_DETAILS("GET", "/v2/order/details", false, false),
    ORDER_HISTORY("GET", "/v2/order/history", false, false),
    TRADES("GET", "/v2/order/trades/get-trades-for-day", false, false),
    POSITIONS("GET", "/v2/portfolio/short-term-positions", false, false),
    HOLDINGS("GET", "/v2/portfolio/long-term-holdings", false, false),
    /** Anything else: answered 404 (wrong path, wrong method or wrong host). */
    UNKNOWN("", "", false, false);

    /** place, modify and cancel: the calls Upstox rate-limits as order calls (10/s, 500/min, 2,000/30 min). */
    public static final Set<Endpoint> ORDER_CALLS = EnumSet.of(PLACE_ORDER, MODIFY_ORDER, CANCEL_ORDER);
    /** Every endpoint that reads or writes orders, trades or positions (for "no request reached the broker"). */
    public static final Set<Endpoint> ORDER_ENDPOINTS = EnumSet.of(PLACE_ORDER, MODIFY_ORDER, CANCEL_ORDER,
        ORDER_BOOK, ORDER_DETAILS, ORDER_HISTORY, TRADES, POSITIONS, HOLDINGS);

    public final String method;
    public final String path;
    /** True when the route lives on the order (HFT) host, false for the main API host. */
    public final boolean orderHost;
    public final boolean orderCall;

    Endpoint(final String method, final String path, final boolean orderHost, final boolean orderCall) {
        this.method = method;
        this.path = path;
        this.orderHost = orderHost;
        this.orderCall = orderCall;
    }

    /** The endpoint a request names on a host, or {@link #UNKNOWN}. */
    public static Endpoint match(final String method, final String path, final boolean onOrderHost) {
        for (Endpoint e : values()) {
            if (e != UNKNOWN && e.orderHost == onOrderHost && e.method.equals(method) && e.path.equals(path)) {
                return e;
            }
        }
        return UNKNOWN;
    }
}
