package io.kavach.engine.live;

import io.kavach.engine.rule.RuleCommand;
import io.kavach.order.OrderGatewayConfig;
import io.kavach.sim.auth.FeedKind;
import io.kavach.sim.http.Endpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.kavach.engine.live.LiveSimRig.RELIANCE;
import static io.kavach.engine.live.LiveSimRig.TCS;
import static io.kavach.engine.live.LiveSimRig.awaitTrue;
import static io.kavach.engine.live.LiveSimRig.priceRule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The live engine against the simulator over loopback sockets: subscriptions, fires, and the feed and order faults. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LiveEngineOverSocketsTest {
    private static final String ORDER = "order placed at the simulator";

    @Test
    void shouldChangeSubscriptionsAsRulesAreAddedAndRemovedWithoutReconnecting() throws Exception {
        try (LiveSimRig rig = LiveSimRig.start()) {
            rig.rules.add(priceRule(1, "stop", RELIANCE, "lte", 2400.0, "ltp"));
            rig.awaitSubscribed(RELIANCE, "ltpc");

            rig.rules.add(priceRule(2, "ask stop", RELIANCE, "gte", 2600.0, "ask"));
            rig.awaitSubscribed(RELIANCE, "full");

            rig.rules.add(priceRule(3, "tcs stop", TCS, "lte", 3000.0, "ltp"));
            rig.awaitSubscribed(TCS, "ltpc");

            rig.rules.change(RuleCommand.DELETE, 2);
            rig.awaitSubscribed(RELIANCE, "ltpc");

            rig.rules.change(RuleCommand.DELETE, 1);
            awaitTrue(() -> !rig.sim.marketFeed().subscriptions().get(0).containsKey(RELIANCE), "RELIANCE unsubscribed");
            assertEquals(Map.of(TCS, "ltpc"), rig.sim.marketFeed().subscriptions().get(0));
            assertEquals(Map.of(TCS, "ltpc"), rig.planner.subscribed());

            final String requests = String.join("\n", rig.sim.marketFeed().requests());
            assertTrue(requests.contains("\"change_mode\""), requests);
            assertTrue(requests.contains("\"unsub\""), requests);
            assertEquals(1, rig.sim.marketFeed().connectionCount());
            assertEquals(1, rig.marketConnects(), "no reconnect: " + rig.engine.feedEvents());
            assertTrue(rig.sim.marketFeed().problems().isEmpty(), rig.sim.marketFeed().problems().toString());
        }
    }

    @Test
    void shouldRefuseARuleBeyondTheSubscriptionLimitBeforeTheEngineSeesIt() throws Exception {
        try (LiveSimRig rig = LiveSimRig.start(new SubscriptionLimits(1, 1, 1, 1, 1))) {
            rig.rules.add(priceRule(1, "reliance stop", RELIANCE, "lte", 2450.0, "ltp"));
            rig.awaitSubscribed(RELIANCE, "ltpc");
            final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> rig.rules.add(priceRule(2, "tcs stop", TCS, "lte", 3000.0, "ltp")));
            assertTrue(refused.getMessage().contains("rule 2 (tcs stop) needs " + TCS + " in ltpc"), refused.getMessage());
            rig.tick(TCS, 2990.0);
            rig.tick(RELIANCE, 2440.0); // the RELIANCE stop still works, and the refused TCS rule never reached the engine
            awaitTrue(() -> rig.sim.orders().size() == 1, ORDER);
            assertEquals(Map.of(RELIANCE, "ltpc"), rig.sim.marketFeed().subscriptions().get(0));
            assertOneOrderAfterSettling(rig);
            assertEquals(RELIANCE, rig.sim.orders().get(0).path("instrument_token").asText());
        }
    }

    @Test
    void shouldSpreadInstrumentsOverASecondConnectionWhenTheFirstIsFullAndGiveItBackWhenEmpty() throws Exception {
        // one instrument per connection, two connections: TCS needs the second
        try (LiveSimRig rig = LiveSimRig.start(new SubscriptionLimits(1, 1, 1, 1, 2))) {
            rig.rules.add(priceRule(1, "reliance stop", RELIANCE, "lte", 2450.0, "ltp"));
            rig.awaitSubscribed(RELIANCE, "ltpc");
            rig.rules.add(priceRule(2, "tcs stop", TCS, "lte", 3000.0, "ltp"));
            awaitTrue(() -> rig.sim.marketFeed().subscriptions().equals(List.of(Map.of(RELIANCE, "ltpc"), Map.of(TCS, "ltpc"))),
                "each instrument once, on its own connection: " + rig.sim.marketFeed().subscriptions());
            assertEquals(Map.of(RELIANCE, 0, TCS, 1), rig.planner.connections());

            rig.rules.add(priceRule(3, "tcs bid", TCS, "gte", 3600.0, "bid"));
            awaitTrue(() -> rig.sim.marketFeed().subscriptions().equals(List.of(Map.of(RELIANCE, "ltpc"), Map.of(TCS, "full"))),
                "TCS changed mode on the second connection: " + rig.sim.marketFeed().subscriptions());

            rig.tick(TCS, 2990.0); // through the second connection into the one ring
            awaitTrue(() -> rig.sim.orders().size() == 1, ORDER);
            assertEquals(TCS, rig.sim.orders().get(0).path("instrument_token").asText());

            rig.rules.change(RuleCommand.DELETE, 2);
            rig.rules.change(RuleCommand.DELETE, 3);
            awaitTrue(() -> rig.sim.marketFeed().connectionCount() == 1, "the empty second connection closed: " + rig.sim.marketFeed().subscriptions());
            assertEquals(List.of(Map.of(RELIANCE, "ltpc")), rig.sim.marketFeed().subscriptions());
            rig.tick(RELIANCE, 2440.0);
            awaitTrue(() -> rig.sim.orders().size() == 2, "the first connection still delivers");
            assertEquals(1, rig.marketConnects(), "the first connection never reconnected: " + rig.engine.feedEvents());
            assertEquals(1, rig.engine.feedEvents().stream().filter("market-2 connected"::equals).count(), rig.engine.feedEvents().toString());
            assertTrue(rig.sim.marketFeed().problems().isEmpty(), rig.sim.marketFeed().problems().toString());
        }
    }

    @Test
    void shouldSubscribeEachInstrumentOnceForRulesOfSeveralUsers() throws Exception {
        try (LiveSimRig rig = LiveSimRig.start()) {
            final LiveRuleCommands other = new LiveRuleCommands(rig.engine, rig.planner, 2);
            rig.rules.add(priceRule(1, "user 1 stop", RELIANCE, "lte", 2400.0, "ltp"));
            other.add(priceRule(2, "user 2 stop", RELIANCE, "lte", 2300.0, "ltp").replace("\"user_id\":1", "\"user_id\":2"));
            rig.awaitSubscribed(RELIANCE, "ltpc");
            rig.rules.change(RuleCommand.DELETE, 1);
            rig.tick(RELIANCE, 2290.0); // a round trip through the feed after the DELETE: nothing was unsubscribed
            awaitTrue(() -> rig.sim.orders().size() == 1, ORDER);
            final long subs = rig.sim.marketFeed().requests().stream().filter(r -> r.contains("\"sub\"")).count();
            assertEquals(1, subs, "one sub request for both users' rules: " + rig.sim.marketFeed().requests());
            assertFalse(String.join("\n", rig.sim.marketFeed().requests()).contains("\"unsub\""));
        }
    }

    @Test
    void shouldPlaceTheStopLossOrderOnceWhenPriceFallsThroughIt() throws Exception {
        try (LiveSimRig rig = LiveSimRig.start()) {
            rig.rules.add(priceRule(1, "stop-loss", RELIANCE, "lte", 2450.0, "ltp"));
            rig.awaitSubscribed(RELIANCE, "ltpc");
            rig.tick(RELIANCE, 2480.0);
            rig.tick(RELIANCE, 2440.0);
            awaitTrue(() -> rig.sim.orders().size() == 1, ORDER);
            rig.tick(RELIANCE, 2430.0);
            rig.tick(RELIANCE, 2420.0);
            assertOneOrderAfterSettling(rig);
            assertEquals("SELL", rig.sim.orders().get(0).path("transaction_type").asText());
        }
    }

    @Test
    void shouldPlaceTheTargetOrderOnceWhenPriceRisesThroughIt() throws Exception {
        try (LiveSimRig rig = LiveSimRig.start()) {
            rig.rules.add(priceRule(1, "target", RELIANCE, "gte", 2550.0, "ltp"));
            rig.awaitSubscribed(RELIANCE, "ltpc");
            rig.tick(RELIANCE, 2520.0);
            rig.tick(RELIANCE, 2560.0);
            awaitTrue(() -> rig.sim.orders().size() == 1, ORDER);
            rig.tick(RELIANCE, 2570.0);
            assertOneOrderAfterSettling(rig);
        }
    }

    @Test
    void shouldFireOnTicksDeliveredAfterAReconnection() throws Exception {
        try (LiveSimRig rig = LiveSimRig.start()) {
            rig.rules.add(priceRule(1, "stop-loss", RELIANCE, "lte", 2450.0, "ltp"));
            rig.awaitSubscribed(RELIANCE, "ltpc");
            rig.tick(RELIANCE, 2490.0);
            rig.sim.faults().dropConnections(FeedKind.MARKET);
            awaitTrue(() -> rig.marketConnects() == 2, "market feed reconnected: " + rig.engine.feedEvents());
            rig.awaitSubscribed(RELIANCE, "ltpc");
            rig.tick(RELIANCE, 2440.0);
            awaitTrue(() -> rig.sim.orders().size() == 1, ORDER);
            assertOneOrderAfterSettling(rig);
        }
    }

    @Test
    void shouldNotPlaceTwiceWhenThePlacementFailedAfterTheBrokerProcessedIt() throws Exception {
        try (LiveSimRig rig = LiveSimRig.start()) {
            rig.rules.add(priceRule(1, "stop-loss", RELIANCE, "lte", 2450.0, "ltp"));
            rig.awaitSubscribed(RELIANCE, "ltpc");
            rig.sim.faults().serverError(Endpoint.PLACE_ORDER, 1, 503, true);
            rig.tick(RELIANCE, 2440.0);
            awaitTrue(() -> rig.sim.orders().size() == 1, ORDER);
            awaitRetryWindow(rig);
            assertOneOrderAfterSettling(rig);
        }
    }

    @Test
    void shouldNotPlaceTwiceWhenThePlacementWasNeverAnsweredButProcessed() throws Exception {
        try (LiveSimRig rig = LiveSimRig.start()) {
            rig.rules.add(priceRule(1, "stop-loss", RELIANCE, "lte", 2450.0, "ltp"));
            rig.awaitSubscribed(RELIANCE, "ltpc");
            rig.sim.faults().noAnswer(Endpoint.PLACE_ORDER, 1, true);
            rig.tick(RELIANCE, 2440.0);
            awaitTrue(() -> rig.sim.orders().size() == 1, ORDER);
            awaitRetryWindow(rig);
            assertOneOrderAfterSettling(rig);
        }
    }

    @Test
    void shouldPauseOnAnExpiredTokenAndResumeWithTheFreshOne(@TempDir final Path dir) throws Exception {
        final Path tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, "tok-old\n");
        try (LiveSimRig rig = LiveSimRig.start(b -> b.token("tok-old", "SIMUSER"), TokenSources.file(tokenFile), s -> s)) {
            rig.rules.add(priceRule(1, "stop-loss", RELIANCE, "lte", 2450.0, "ltp"));
            rig.awaitSubscribed(RELIANCE, "ltpc");
            final long expiry = rig.sim.marketTimeMs() + 5_000;
            rig.sim.faults().expireTokenAt("tok-old", expiry);
            rig.sim.faults().atMarketTime(expiry, f -> f.dropConnections(FeedKind.MARKET)); // Upstox closes feeds at the rollover
            rig.sim.advanceMarketTimeTo(expiry);
            awaitTrue(() -> rig.engine.feedEvents().stream().anyMatch(e -> e.startsWith("market paused")),
                "market feed paused for want of a token: " + rig.engine.feedEvents());
            assertEquals(0, rig.sim.marketFeed().connectionCount());

            rig.sim.tokens().add("tok-new", "SIMUSER");
            Files.writeString(tokenFile, "tok-new\n");
            rig.engine.marketFeed().connection().resume();
            awaitTrue(() -> rig.marketConnects() == 2, "market feed back with the fresh token: " + rig.engine.feedEvents());
            rig.awaitSubscribed(RELIANCE, "ltpc");
            rig.tick(RELIANCE, 2440.0);
            awaitTrue(() -> rig.fires.fires() == 1, "the stop fired on a tick after the refresh");
            assertTrue(rig.engine.feedEvents().stream().noneMatch(e -> e.contains("tok-")), "no token in any event");
        }
    }

    @Test
    void shouldReconnectAtOnceWithTheTokenAlreadyRefreshedWhenTheOldOneExpires(@TempDir final Path dir) throws Exception {
        final Path tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, "tok-old\n");
        try (LiveSimRig rig = LiveSimRig.start(b -> b.token("tok-old", "SIMUSER"), TokenSources.file(tokenFile), s -> s)) {
            rig.rules.add(priceRule(1, "stop-loss", RELIANCE, "lte", 2450.0, "ltp"));
            rig.awaitSubscribed(RELIANCE, "ltpc");
            rig.sim.tokens().add("tok-new", "SIMUSER");
            Files.writeString(tokenFile, "tok-new\n"); // the 03:30 rollover: the user saved the new token before the old one died
            final long expiry = rig.sim.marketTimeMs() + 5_000;
            rig.sim.faults().expireTokenAt("tok-old", expiry);
            rig.sim.faults().atMarketTime(expiry, f -> f.dropConnections(FeedKind.MARKET));
            rig.sim.advanceMarketTimeTo(expiry);
            awaitTrue(() -> rig.marketConnects() == 2, "market feed back with the fresh token: " + rig.engine.feedEvents());
            rig.awaitSubscribed(RELIANCE, "ltpc");
            assertTrue(rig.engine.feedEvents().stream().noneMatch(e -> e.startsWith("market paused")), rig.engine.feedEvents().toString());
            assertTrue(rig.sim.requests().to(Endpoint.AUTHORIZE_MARKET_FEED).stream().anyMatch(r -> r.httpStatus() == 401),
                "the old token was refused once: " + rig.sim.requests().to(Endpoint.AUTHORIZE_MARKET_FEED));
            rig.tick(RELIANCE, 2440.0);
            awaitTrue(() -> rig.fires.fires() == 1, "the stop fired on a tick after the refresh");
            // the order router took the fresh token from the reconnected feed: the order is accepted, not refused with 401
            awaitTrue(() -> rig.sim.orders().size() == 1, "the stop's order placed with the fresh token: " + rig.sim.requests().orderEndpointRequests());
        }
    }

    @Test
    void shouldRebuildAHalfOpenConnectionWithinThePongTimeout() throws Exception {
        try (LiveSimRig rig = LiveSimRig.start(b -> b, TokenSources.fixed("sim-token"), s -> s.withFeedLiveness(200, 1_000))) {
            rig.rules.add(priceRule(1, "stop-loss", RELIANCE, "lte", 2450.0, "ltp"));
            rig.awaitSubscribed(RELIANCE, "ltpc");
            final long before = System.nanoTime();
            rig.sim.faults().halfOpen(FeedKind.MARKET);
            awaitTrue(() -> rig.engine.feedEvents().stream().anyMatch(e -> e.contains("no answer to our ping")),
                "half-open connection detected: " + rig.engine.feedEvents());
            final long detectedMs = (System.nanoTime() - before) / 1_000_000;
            awaitTrue(() -> rig.marketConnects() == 2, "market feed rebuilt: " + rig.engine.feedEvents());
            awaitTrue(() -> rig.sim.marketFeed().connections().stream().anyMatch(c -> !c.isHalfOpen()), "a healthy connection");
            rig.tick(RELIANCE, 2440.0);
            awaitTrue(() -> rig.sim.orders().size() == 1, ORDER);
            assertTrue(detectedMs < 5_000, "detected after " + detectedMs + " ms with a 1,000 ms pong timeout");
        }
    }

    @Test
    void shouldCountAndSkipMalformedFramesAndKeepProcessingLaterTicks() throws Exception {
        try (LiveSimRig rig = LiveSimRig.start()) {
            rig.rules.add(priceRule(1, "stop-loss", RELIANCE, "lte", 2450.0, "ltp"));
            rig.awaitSubscribed(RELIANCE, "ltpc");
            rig.sim.faults().malformedFrames(FeedKind.MARKET, 2);
            rig.tick(RELIANCE, 2490.0);
            rig.tick(RELIANCE, 2480.0);
            awaitTrue(() -> rig.framesRejected() == 2, "two malformed frames rejected");
            rig.tick(RELIANCE, 2440.0);
            awaitTrue(() -> rig.sim.orders().size() == 1, ORDER);
            assertEquals(2, rig.framesRejected());
            assertEquals(1, rig.marketConnects(), "a bad frame does not cost the connection: " + rig.engine.feedEvents());
            assertTrue(rig.engine.feedEvents().stream().anyMatch(e -> e.startsWith("market bad frame")), rig.engine.feedEvents().toString());
        }
    }

    /**
     * Waits out everything that could still send a second placement — the request timeout, the lookup
     * settle time and a retry backoff, counted from the failed placement — then checks only one was sent.
     * (The router may learn the order from the portfolio feed or from a lookup; either is fine.)
     */
    private static void awaitRetryWindow(final LiveSimRig rig) throws InterruptedException {
        awaitTrue(() -> !rig.sim.requests().to(Endpoint.PLACE_ORDER).isEmpty(), "a placement reached the simulator");
        final long placedNanos = rig.sim.requests().to(Endpoint.PLACE_ORDER).get(0).receivedNanos();
        final long windowMs = OrderGatewayConfig.REQUEST_TIMEOUT_MS_DEFAULT + OrderGatewayConfig.LOOKUP_SETTLE_MS_DEFAULT
            + OrderGatewayConfig.RETRY_BACKOFF_MS_DEFAULT + 1_000;
        while ((System.nanoTime() - placedNanos) / 1_000_000 < windowMs) {
            Thread.sleep(50);
        }
        assertEquals(1, rig.sim.requests().to(Endpoint.PLACE_ORDER).size(), "placements sent: " + rig.sim.requests().to(Endpoint.PLACE_ORDER));
    }

    /** Gives retries and late answers time to do harm, then checks the broker holds exactly one order. */
    private static void assertOneOrderAfterSettling(final LiveSimRig rig) throws InterruptedException {
        Thread.sleep(1_500);
        assertEquals(1, rig.sim.orders().size(), "orders at the broker: " + rig.sim.orders());
        assertTrue(rig.sim.duplicateTags().isEmpty(), "duplicate tags " + rig.sim.duplicateTags());
        assertEquals(1, rig.fires.fires(), "fires");
        assertTrue(rig.sim.errors().isEmpty(), rig.sim.errors().toString());
    }
}
