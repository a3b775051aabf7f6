package io.kavach.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.InvalidProtocolBufferException;
import io.kavach.feed.proto.MarketDataFeedV3.FeedResponse;
import io.kavach.feed.proto.MarketDataFeedV3.Type;
import io.kavach.sim.auth.FeedKind;
import io.kavach.sim.fault.HttpFault;
import io.kavach.sim.http.Endpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpTimeoutException;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.kavach.sim.MarketFeedTest.waitFor;
import static io.kavach.sim.RestClient.JSON;
import static io.kavach.sim.RestClient.order;
import static io.kavach.sim.SimFixtures.EQUITY;
import static io.kavach.sim.SimFixtures.OPEN_MS;
import static io.kavach.sim.SimFixtures.TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FaultInjectionTest {
    private UpstoxSimulator sim;
    private RestClient rest;

    @BeforeEach
    void start() {
        sim = UpstoxSimulator.start(SimFixtures.quietMarket().build());
        rest = new RestClient(sim, TOKEN);
    }

    @AfterEach
    void stop() {
        final java.util.List<String> errors = sim.errors();
        sim.close();
        assertTrue(errors.isEmpty(), "simulator errors: " + errors);
    }

    private FeedClient subscribedMarketFeed() throws Exception {
        final FeedClient feed = FeedClient.connect(rest.http(), SimFixtures.authorizeMarket(rest));
        assertEquals(Type.market_info, feed.nextFrame().getType());
        feed.sub("ltpc", EQUITY);
        assertEquals(Type.initial_feed, feed.nextFrame().getType());
        return feed;
    }

    private static Throwable rootOf(final Throwable t) {
        Throwable c = t;
        while ((c instanceof ExecutionException || c instanceof CompletionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    @Test
    void shouldRefuseAReusedOrUnknownAuthorizeCodeAtTheUpgrade() throws Exception {
        final String uri = SimFixtures.authorizeMarket(rest);
        try (FeedClient first = FeedClient.connect(rest.http(), uri)) {
            assertEquals(Type.market_info, first.nextFrame().getType());
            final Exception reuse = assertThrows(Exception.class, () -> FeedClient.connect(rest.http(), uri));
            final WebSocketHandshakeException refused = assertInstanceOf(WebSocketHandshakeException.class, rootOf(reuse));
            assertEquals(401, refused.getResponse().statusCode());
            final String unknown = uri.replaceAll("code=[0-9a-f]+", "code=00");
            assertInstanceOf(WebSocketHandshakeException.class, rootOf(assertThrows(Exception.class,
                () -> FeedClient.connect(rest.http(), unknown))));
            final String portfolioCodeOnMarketPath = SimFixtures.authorizePortfolio(rest)
                .replace("/portfolio-stream-feeder/v2/", "/market-data-feeder/v3/");
            assertInstanceOf(WebSocketHandshakeException.class, rootOf(assertThrows(Exception.class,
                () -> FeedClient.connect(rest.http(), portfolioCodeOnMarketPath))));
        }
    }

    @Test
    void shouldAnswer401OnAuthorizeWhileTheFaultLastsThenRecover() throws Exception {
        sim.faults().failAuthorize(FeedKind.MARKET, 2);
        for (int i = 0; i < 2; i++) {
            final RestClient.Answer a = rest.get("/v3/feed/market-data-feed/authorize");
            assertEquals(401, a.status());
            assertEquals("UDAPI100050", a.errorCode());
        }
        assertEquals(200, rest.get("/v3/feed/market-data-feed/authorize").status());
    }

    @Test
    void shouldExpireTokenAtTheScenarioTimeAndAcceptItsReplacement() throws Exception {
        sim.faults().expireTokenAt(TOKEN, OPEN_MS + 60_000);
        sim.advanceMarketTimeTo(OPEN_MS + 59_999);
        assertEquals(200, rest.get("/v2/order/retrieve-all").status());
        sim.advanceMarketTimeTo(OPEN_MS + 60_000);
        final RestClient.Answer expired = rest.get("/v3/feed/market-data-feed/authorize");
        assertEquals(401, expired.status());
        assertEquals("UDAPI100050", expired.errorCode());
        sim.tokens().add("fresh-token", SimFixtures.USER);
        assertEquals(200, new RestClient(sim, "fresh-token").get("/v3/feed/market-data-feed/authorize").status());
    }

    @Test
    void shouldAnswerABurstOf429sWithUdapi10005ThenServeAgain() throws Exception {
        sim.faults().tooManyRequests(2);
        for (int i = 0; i < 2; i++) {
            final RestClient.Answer a = rest.place(order(EQUITY, "BUY", "LIMIT", 2000.0, 0, 1, "t429-" + i));
            assertEquals(429, a.status());
            assertEquals("UDAPI10005", a.errorCode());
        }
        assertEquals(200, rest.place(order(EQUITY, "BUY", "LIMIT", 2000.0, 0, 1, "t429-2")).status());
        assertEquals(1, sim.orders().size());
    }

    @Test
    void shouldPlaceTheOrderBehindA5xxOnlyWhenTheFaultComesAfterProcessing() throws Exception {
        sim.faults().serverError(Endpoint.PLACE_ORDER, 1, 503, false).serverError(Endpoint.PLACE_ORDER, 1, 500, true);
        assertEquals(503, rest.place(order(EQUITY, "BUY", "LIMIT", 2000.0, 0, 1, "lost")).status());
        assertEquals(0, rest.get("/v2/order/history?tag=lost").body().path("data").size());
        assertEquals(500, rest.place(order(EQUITY, "BUY", "LIMIT", 2000.0, 0, 1, "landed")).status());
        final JsonNode history = rest.get("/v2/order/history?tag=landed").body().path("data");
        assertTrue(history.size() > 0, "the order behind the 500 exists and is found by its tag");
        assertTrue(sim.duplicateTags().isEmpty());
    }

    @Test
    void shouldNeverAnswerWhileTheTimeoutFaultLasts() throws Exception {
        sim.faults().noAnswer(Endpoint.PLACE_ORDER, 1, true);
        final Exception timeout = assertThrows(Exception.class,
            () -> rest.place(order(EQUITY, "BUY", "LIMIT", 2000.0, 0, 1, "silent"), Duration.ofMillis(500)));
        assertInstanceOf(HttpTimeoutException.class, timeout);
        assertTrue(rest.get("/v2/order/history?tag=silent").body().path("data").size() > 0, "the unanswered order was placed");
        assertEquals(0, sim.requests().to(Endpoint.PLACE_ORDER).get(0).httpStatus());
    }

    @Test
    void shouldAnswer200WithABodyThatIsNotJsonForTheMalformedBodyFault() throws Exception {
        sim.faults().on(java.util.Set.of(Endpoint.ORDER_DETAILS), HttpFault.malformedBody(), 1);
        final RestClient.Answer a = rest.get("/v2/order/details?order_id=1");
        assertEquals(200, a.status());
        assertTrue(a.raw().startsWith("<html>"));
    }

    @Test
    void shouldInjectSeededRandomFaultsReproducibly() throws Exception {
        final long seed = 11;
        System.out.println("random fault seed " + seed);
        final List<Integer> first = new ArrayList<>();
        final List<Integer> second = new ArrayList<>();
        for (List<Integer> statuses : List.of(first, second)) {
            sim.faults().clear();
            sim.faults().randomly(Endpoint.ORDER_CALLS, HttpFault.serverError(502, false), 0.5, seed);
            for (int i = 0; i < 8; i++) {
                statuses.add(rest.cancel("nope").status());
                Thread.sleep(110); // stay under 10 order calls per second
            }
        }
        assertEquals(first, second);
        assertTrue(first.contains(502) && first.contains(400), first.toString());
    }

    @Test
    void shouldAnswerWithAnUnknownStatusStringOrWithoutTheOrderIdWhenScripted() throws Exception {
        sim.faults().on(java.util.Set.of(Endpoint.PLACE_ORDER), HttpFault.missingOrderId(), 1)
            .on(java.util.Set.of(Endpoint.ORDER_DETAILS, Endpoint.ORDER_BOOK), HttpFault.unknownStatus(), 2);
        final RestClient.Answer placed = rest.place(order(EQUITY, "BUY", "LIMIT", 2000.0, 0, 1, "no-id"));
        assertEquals(200, placed.status());
        assertEquals(0, placed.body().path("data").path("order_ids").size());
        final JsonNode history = rest.get("/v2/order/history?tag=no-id").body().path("data");
        final String id = history.path(0).path("order_id").asText();
        assertFalse(id.isEmpty(), "the order exists although its id was not returned");
        assertEquals(HttpFault.UNKNOWN_STATUS_STRING, rest.get("/v2/order/details?order_id=" + id).body().path("data").path("status").asText());
        assertEquals(HttpFault.UNKNOWN_STATUS_STRING, rest.get("/v2/order/retrieve-all").body().path("data").path(0).path("status").asText());
        assertFalse(HttpFault.UNKNOWN_STATUS_STRING.equals(rest.get("/v2/order/details?order_id=" + id).body().path("data").path("status").asText()));
    }

    @Test
    void shouldRejectTheNextOrdersWhenScripted() throws Exception {
        sim.faults().rejectOrders(1, "RMS: margin exceeds");
        final String id = rest.place(order(EQUITY, "BUY", "MARKET", 0, 0, 1, "rej")).body().path("data").path("order_ids").path(0).asText();
        waitFor(() -> sim.orders().stream().anyMatch(o -> "rejected".equals(o.path("status").asText())));
        final JsonNode details = rest.get("/v2/order/details?order_id=" + id).body().path("data");
        assertEquals("RMS: margin exceeds", details.path("status_message").asText());
    }

    @Test
    void shouldReplaceTheNextDataFramesWithBytesThatDoNotParse() throws Exception {
        try (FeedClient feed = subscribedMarketFeed()) {
            sim.faults().malformedFrames(FeedKind.MARKET, 1);
            sim.tick(EQUITY, 2501.0, 1);
            sim.tick(EQUITY, 2502.0, 1);
            final byte[] garbage = feed.binary.poll(5, TimeUnit.SECONDS);
            assertThrows(InvalidProtocolBufferException.class, () -> FeedResponse.parseFrom(garbage));
            assertEquals(2502.0, feed.nextFrame().getFeedsMap().get(EQUITY).getLtpc().getLtp());
        }
    }

    @Test
    void shouldSendMalformedJsonOnThePortfolioFeed() throws Exception {
        try (FeedClient portfolio = FeedClient.connect(rest.http(), SimFixtures.authorizePortfolio(rest))) {
            waitFor(() -> sim.portfolioFeed().connectionCount() == 1);
            sim.faults().malformedFrames(FeedKind.PORTFOLIO, 1);
            rest.place(order(EQUITY, "BUY", "LIMIT", 2000.0, 0, 1, "pf"));
            assertThrows(Exception.class, () -> JSON.readTree(portfolio.nextText()));
            assertEquals("validation pending", JSON.readTree(portfolio.nextText()).path("status").asText());
        }
    }

    @Test
    void shouldResetFeedConnectionsWithoutACloseFrame() throws Exception {
        try (FeedClient feed = subscribedMarketFeed()) {
            sim.faults().dropConnections(FeedKind.MARKET);
            final String how = feed.closed.get(5, TimeUnit.SECONDS);
            assertTrue(how.contains("Connection reset"), how);
            waitFor(() -> sim.marketFeed().connectionCount() == 0);
        }
    }

    @Test
    void shouldGoSilentWithoutClosingWhenHalfOpen() throws Exception {
        try (FeedClient feed = subscribedMarketFeed()) {
            waitFor(() -> feed.pings.get() >= 1);
            sim.faults().halfOpen(FeedKind.MARKET);
            waitFor(() -> sim.marketFeed().connections().get(0).isHalfOpen());
            final int pingsBefore = feed.pings.get();
            sim.tick(EQUITY, 2510.0, 1);
            feed.socket.sendPing(ByteBuffer.wrap(new byte[]{7})).join();
            assertNull(feed.binary.poll(600, TimeUnit.MILLISECONDS), "no data while half-open");
            assertEquals(0, feed.pongs.get(), "no pong while half-open");
            assertEquals(pingsBefore, feed.pings.get(), "no server ping while half-open");
            assertFalse(feed.closed.isDone(), "the connection is never closed by the simulator");
            assertEquals(1, sim.marketFeed().connectionCount());
        }
    }

    @Test
    void shouldDeliverFramesLateButStampedWithTheirMarketTimeWhenLagging() throws Exception {
        try (FeedClient feed = subscribedMarketFeed()) {
            sim.faults().lagFeed(FeedKind.MARKET, 300);
            final long sent = System.nanoTime();
            sim.tickAt(OPEN_MS + 5_000, EQUITY, 2505.0, 1);
            final FeedResponse late = feed.nextFrame();
            assertTrue(System.nanoTime() - sent >= TimeUnit.MILLISECONDS.toNanos(300), "frame arrived before the lag");
            assertEquals(OPEN_MS + 5_000, late.getCurrentTs());
        }
    }

    @Test
    void shouldRefuseConnectionsDuringAnOutageAndServeOnTheSamePortsAfterIt() throws Exception {
        final String api = sim.apiBaseUrl();
        try (FeedClient feed = subscribedMarketFeed()) {
            sim.goOffline();
            assertTrue(feed.closed.get(5, TimeUnit.SECONDS).contains("Connection reset"));
            assertThrows(java.io.IOException.class, () -> rest.get("/v2/order/retrieve-all"));
            sim.tick(EQUITY, 2490.0, 1); // the market moves on while clients are away
            sim.comeBackOnline();
            assertEquals(api, sim.apiBaseUrl());
            try (FeedClient again = subscribedMarketFeed()) {
                sim.tick(EQUITY, 2491.0, 1);
                assertEquals(2491.0, again.nextFrame().getFeedsMap().get(EQUITY).getLtpc().getLtp());
            }
        }
    }

    @Test
    void shouldRunScriptedFaultsAtAMarketTime() throws Exception {
        try (FeedClient feed = subscribedMarketFeed()) {
            sim.faults().atMarketTime(OPEN_MS + 10_000, f -> f.dropConnections(FeedKind.MARKET));
            sim.tickAt(OPEN_MS + 9_999, EQUITY, 2501.0, 1);
            assertEquals(2501.0, feed.nextFrame().getFeedsMap().get(EQUITY).getLtpc().getLtp());
            assertFalse(feed.closed.isDone());
            sim.tickAt(OPEN_MS + 10_000, EQUITY, 2502.0, 1);
            feed.closed.get(5, TimeUnit.SECONDS);
        }
    }
}
