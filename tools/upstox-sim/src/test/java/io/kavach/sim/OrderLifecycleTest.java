package io.kavach.sim;

import com.fasterxml.jackson.databind.JsonNode;
import io.kavach.sim.http.Endpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.kavach.sim.MarketFeedTest.waitFor;
import static io.kavach.sim.RestClient.JSON;
import static io.kavach.sim.RestClient.order;
import static io.kavach.sim.SimFixtures.EQUITY;
import static io.kavach.sim.SimFixtures.TOKEN;
import static io.kavach.sim.SimFixtures.USER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OrderLifecycleTest {
    private UpstoxSimulator sim;
    private RestClient rest;
    private FeedClient portfolio;

    @BeforeEach
    void start() throws Exception {
        sim = UpstoxSimulator.start(SimFixtures.quietMarket().build());
        rest = new RestClient(sim, TOKEN);
        portfolio = FeedClient.connect(rest.http(), SimFixtures.authorizePortfolio(rest));
        waitFor(() -> sim.portfolioFeed().connectionCount() == 1);
    }

    @AfterEach
    void stop() {
        final java.util.List<String> errors = sim.errors();
        portfolio.close();
        sim.close();
        assertTrue(errors.isEmpty(), "simulator errors: " + errors);
    }

    private String place(final String body) throws Exception {
        final RestClient.Answer a = rest.place(body);
        assertEquals(200, a.status(), a.raw());
        assertEquals("success", a.body().path("status").asText());
        assertTrue(a.body().path("metadata").has("latency"));
        return a.body().path("data").path("order_ids").path(0).asText();
    }

    private List<String> statuses(final String orderId) throws Exception {
        final List<String> out = new ArrayList<>();
        rest.get("/v2/order/history?order_id=" + orderId).body().path("data").forEach(n -> out.add(n.path("status").asText()));
        return out;
    }

    private JsonNode details(final String orderId) throws Exception {
        return rest.get("/v2/order/details?order_id=" + orderId).body().path("data");
    }

    /** Order updates from the portfolio feed until one has {@code finalStatus}. */
    private List<JsonNode> orderUpdatesUntil(final String finalStatus) throws Exception {
        final List<JsonNode> updates = new ArrayList<>();
        while (true) {
            final JsonNode n = JSON.readTree(portfolio.nextText());
            if ("order".equals(n.path("update_type").asText())) {
                updates.add(n);
                if (finalStatus.equals(n.path("status").asText())) {
                    return updates;
                }
            }
        }
    }

    @Test
    void shouldFillMarketOrderAtTheTouchThroughTheDocumentedStatusPath() throws Exception {
        final String id = place(order(EQUITY, "BUY", "MARKET", 0, 0, 10, "kv-1"));
        final List<JsonNode> updates = orderUpdatesUntil("complete");
        assertEquals(List.of("put order req received", "validation pending", "open pending", "open", "complete"),
            updates.stream().map(n -> n.path("status").asText()).toList());
        assertEquals(updates.stream().map(n -> n.path("status").asText()).toList(), statuses(id));

        final JsonNode done = updates.get(updates.size() - 1);
        for (String field : List.of("update_type", "user_id", "exchange", "instrument_token", "instrument_key", "trading_symbol",
            "product", "order_type", "average_price", "price", "trigger_price", "quantity", "disclosed_quantity",
            "pending_quantity", "transaction_type", "order_ref_id", "exchange_order_id", "parent_order_id", "validity",
            "status", "is_amo", "variety", "tag", "exchange_timestamp", "status_message", "order_id", "order_request_id",
            "order_timestamp", "filled_quantity", "guid", "placed_by", "status_message_raw")) {
            assertTrue(done.has(field), "order update lacks " + field);
        }
        assertEquals(2500.05, done.path("average_price").asDouble(), 1e-9);
        assertEquals(10, done.path("filled_quantity").asLong());
        assertEquals(0, done.path("pending_quantity").asLong());
        assertEquals("kv-1", done.path("tag").asText());
        assertEquals(USER, done.path("user_id").asText());
        assertTrue(done.path("parent_order_id").isNull());
        assertTrue(done.path("order_timestamp").asText().matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d"));

        final JsonNode position = JSON.readTree(portfolio.nextText());
        assertEquals("position", position.path("update_type").asText());
        assertEquals(10, position.path("quantity").asLong());
        final JsonNode positions = rest.get("/v2/portfolio/short-term-positions").body().path("data");
        assertEquals(10, positions.path(0).path("quantity").asLong());
        assertEquals(1, rest.get("/v2/order/trades/get-trades-for-day").body().path("data").size());
    }

    @Test
    void shouldRestLimitOrderUntilPriceTradesThroughIt() throws Exception {
        final String id = place(order(EQUITY, "BUY", "LIMIT", 2490.0, 0, 5, "kv-2"));
        orderUpdatesUntil("open");
        sim.tick(EQUITY, 2490.0, 1); // touches the limit: not through it
        assertEquals("open", details(id).path("status").asText());
        sim.tick(EQUITY, 2489.95, 1);
        orderUpdatesUntil("complete");
        assertEquals(2490.0, details(id).path("average_price").asDouble(), 1e-9);
    }

    @Test
    void shouldTriggerStopLossSellWhenPriceFallsToTrigger() throws Exception {
        final String id = place(order(EQUITY, "SELL", "SL-M", 0, 2480.0, 5, "kv-3"));
        orderUpdatesUntil("trigger pending");
        sim.tick(EQUITY, 2481.0, 1);
        assertEquals("trigger pending", details(id).path("status").asText());
        sim.tick(EQUITY, 2479.0, 1);
        final List<JsonNode> updates = orderUpdatesUntil("complete");
        assertEquals(List.of("open", "complete"), updates.stream().map(n -> n.path("status").asText()).toList());
        assertEquals(2478.95, details(id).path("average_price").asDouble(), 1e-9);
    }

    @Test
    void shouldRejectStopLossBuyWhoseTriggerIsBelowTheLastPrice() throws Exception {
        final String id = place(order(EQUITY, "BUY", "SL", 2400.0, 2400.0, 5, "kv-4"));
        final List<JsonNode> updates = orderUpdatesUntil("rejected");
        assertTrue(updates.get(updates.size() - 1).path("status_message").asText().contains("Trigger price"));
        assertEquals("rejected", details(id).path("status").asText());
    }

    @Test
    void shouldCancelOpenOrderAndRefuseToCancelItAgain() throws Exception {
        final String id = place(order(EQUITY, "BUY", "LIMIT", 2400.0, 0, 5, "kv-5"));
        orderUpdatesUntil("open");
        final RestClient.Answer cancel = rest.cancel(id);
        assertEquals(200, cancel.status());
        assertEquals(id, cancel.body().path("data").path("order_id").asText());
        orderUpdatesUntil("cancelled");
        final RestClient.Answer again = rest.cancel(id);
        assertEquals(400, again.status());
        assertEquals("UDAPI100040", again.errorCode());
        final RestClient.Answer unknown = rest.cancel("999");
        assertEquals("UDAPI100010", unknown.errorCode());
        assertEquals("UDAPI100010", rest.get("/v2/order/details?order_id=999").errorCode());
    }

    @Test
    void shouldModifyOpenLimitOrderThroughModifyStatusesAndFillAtNewPrice() throws Exception {
        final String id = place(order(EQUITY, "BUY", "LIMIT", 2400.0, 0, 5, "kv-6"));
        orderUpdatesUntil("open");
        final RestClient.Answer m = rest.modify("{\"order_id\":\"" + id + "\",\"quantity\":5,\"validity\":\"DAY\",\"price\":2500.05,"
            + "\"order_type\":\"LIMIT\",\"disclosed_quantity\":0,\"trigger_price\":0}");
        assertEquals(200, m.status(), m.raw());
        final List<JsonNode> updates = orderUpdatesUntil("complete");
        assertEquals(List.of("modify validation pending", "modify pending", "open", "complete"),
            updates.stream().map(n -> n.path("status").asText()).toList());
    }

    @Test
    void shouldListEveryOrderOfATagInHistoryAndNothingForAnUnknownTag() throws Exception {
        place(order(EQUITY, "BUY", "LIMIT", 2400.0, 0, 5, "kv-7"));
        place(order(EQUITY, "BUY", "LIMIT", 2401.0, 0, 5, "kv-8"));
        orderUpdatesUntil("open");
        orderUpdatesUntil("open");
        final JsonNode byTag = rest.get("/v2/order/history?tag=kv-7").body().path("data");
        assertTrue(byTag.size() >= 4);
        byTag.forEach(n -> assertEquals("kv-7", n.path("tag").asText()));
        final RestClient.Answer none = rest.get("/v2/order/history?tag=never-placed");
        assertEquals(200, none.status());
        assertEquals(0, none.body().path("data").size());
        assertEquals(2, rest.get("/v2/order/retrieve-all").body().path("data").size());
        assertTrue(sim.duplicateTags().isEmpty());
    }

    @Test
    void shouldAnswerValidationErrorsNamingTheField() throws Exception {
        final RestClient.Answer a = rest.place(order(EQUITY, "BUY", "LIMIT", 0, 0, 5, null));
        assertEquals(400, a.status());
        assertEquals("price", a.body().path("errors").path(0).path("property_path").asText());
        final RestClient.Answer b = rest.place("{\"quantity\":5}");
        assertEquals(400, b.status());
        assertEquals("error", b.body().path("status").asText());
    }

    @Test
    void shouldRefuseOrdersOnTheWrongHostAndWithoutAValidToken() throws Exception {
        final RestClient.Answer wrongHost = rest.send(rest.request(sim.apiBaseUrl() + "/v3/order/place", Duration.ofSeconds(5))
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(order(EQUITY, "BUY", "MARKET", 0, 0, 1, null))).build());
        assertEquals(404, wrongHost.status());
        final RestClient.Answer badToken = new RestClient(sim, "expired").place(order(EQUITY, "BUY", "MARKET", 0, 0, 1, null));
        assertEquals(401, badToken.status());
        assertEquals("UDAPI100050", badToken.errorCode());
        assertTrue(sim.orders().isEmpty());
    }

    @Test
    void shouldAnswer429OverTenOrderCallsPerSecondAndRecordPerUserTimes() throws Exception {
        int tooMany = 0;
        for (int i = 0; i < 11; i++) {
            if (rest.place(order(EQUITY, "BUY", "LIMIT", 2000.0, 0, 1, "burst-" + i)).status() == 429) {
                tooMany++;
            }
        }
        // eleven calls inside one second unless the machine stalled for a whole second in between
        final int maxPerSecond = sim.requests().maxOrderCallsWithin(USER, Duration.ofSeconds(1));
        assertEquals(maxPerSecond > 10 ? 1 : 0, tooMany);
        assertEquals(11, sim.requests().orderCallNanos(USER).length);
        assertEquals(tooMany, sim.rateLimitViolations());
    }

    @Test
    void shouldShowOrdersPlacedByHandOnThePortfolioFeedButNotAsRequests() throws Exception {
        final String id = sim.placeManualOrder(USER, io.kavach.sim.order.OrderRequest.of(EQUITY, "SELL", "LIMIT", 3, "D", 2600.0, 0, null));
        final List<JsonNode> updates = orderUpdatesUntil("open");
        assertEquals(id, updates.get(0).path("order_id").asText());
        assertEquals(io.kavach.sim.order.MatchingEngine.Outcome.OK, sim.cancelManualOrder(USER, id));
        orderUpdatesUntil("cancelled");
        assertEquals("cancelled", details(id).path("status").asText());
        assertEquals(1, sim.requests().orderEndpointRequests().size(), "only the test's own details call");
    }

    @Test
    void shouldRedirectTheBareFeedUrlToASingleUseUri() throws Exception {
        final RestClient.Answer redirect = rest.send(rest.request(sim.apiBaseUrl() + "/v3/feed/market-data-feed", Duration.ofSeconds(5)).GET().build());
        assertEquals(307, redirect.status());
        assertEquals(1, sim.requests().to(Endpoint.MARKET_FEED_DIRECT).size());
    }

    @Test
    void shouldProveWhetherAnyRequestReachedOrderEndpoints() throws Exception {
        SimFixtures.authorizeMarket(rest);
        sim.requests().assertNoOrderEndpointRequests();
        rest.get("/v2/order/retrieve-all");
        assertThrows(AssertionError.class, () -> sim.requests().assertNoOrderEndpointRequests());
        assertEquals(1, sim.requests().to(Endpoint.ORDER_BOOK).size());
    }
}
