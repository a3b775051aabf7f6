package io.kavach.sim.http;

import io.kavach.sim.auth.AccessTokens;
import io.kavach.sim.auth.AuthorizeCodes;
import io.kavach.sim.fault.Faults;
import io.kavach.sim.feed.MarketFeedHub;
import io.kavach.sim.feed.PortfolioFeedHub;
import io.kavach.sim.market.SimMarket;
import io.kavach.sim.order.MatchingEngine;
import io.kavach.sim.record.ErrorLog;
import io.kavach.sim.record.RequestLog;

/**
 * Everything the HTTP routes reach: tokens and codes, the market and the matching engine, both
 * feed hubs, faults, the rate limiter and the request log, plus the WebSocket base URL the
 * authorize answers point at.
 *
 * <p>Built once at start-up; the parts it holds say which thread owns them.
 */
public record SimBackend(AccessTokens tokens, AuthorizeCodes codes, SimMarket market, MatchingEngine orders,
                         MarketFeedHub marketFeed, PortfolioFeedHub portfolioFeed, Faults faults,
                         RateLimiter rateLimiter, boolean enforceRateLimits, RequestLog requestLog, ErrorLog errors,
                         String webSocketBaseUrl, long pingIntervalMs) {
}
