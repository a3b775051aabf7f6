package io.kavach.sim;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static io.kavach.sim.MarketFeedTest.waitFor;
import static io.kavach.sim.RestClient.order;
import static io.kavach.sim.SimFixtures.EQUITY;
import static io.kavach.sim.SimFixtures.TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PartialFillTest {
    private UpstoxSimulator sim;
    private RestClient rest;

    @BeforeEach
    void start() {
        sim = UpstoxSimulator.start(SimFixtures.quietMarket().partialFills(true).build());
        rest = new RestClient(sim, TOKEN);
    }

    @AfterEach
    void stop() {
        final java.util.List<String> errors = sim.errors();
        sim.close();
        assertTrue(errors.isEmpty(), "simulator errors: " + errors);
    }

    private JsonNode details(final String id) throws Exception {
        return rest.get("/v2/order/details?order_id=" + id).body().path("data");
    }

    @Test
    void shouldFillALimitOrderInPartsAsPrintsTradeThroughIt() throws Exception {
        final String id = rest.place(order(EQUITY, "BUY", "LIMIT", 2490.0, 0, 100, "pf-1")).body()
            .path("data").path("order_ids").path(0).asText();
        waitFor(() -> sim.orders().get(0).path("status").asText().equals("open"));
        sim.tick(EQUITY, 2489.95, 30);
        JsonNode d = details(id);
        assertEquals("open", d.path("status").asText());
        assertEquals(30, d.path("filled_quantity").asLong());
        assertEquals(70, d.path("pending_quantity").asLong());
        sim.tick(EQUITY, 2489.0, 500);
        d = details(id);
        assertEquals("complete", d.path("status").asText());
        assertEquals(100, d.path("filled_quantity").asLong());
        assertEquals(2490.0, d.path("average_price").asDouble(), 1e-9);
        assertEquals(2, sim.trades().size());
        assertEquals(100, rest.get("/v2/portfolio/short-term-positions").body().path("data").path(0).path("quantity").asLong());
    }

    @Test
    void shouldCompleteAPartlyFilledOrderModifiedDownToItsFilledQuantity() throws Exception {
        final String id = rest.place(order(EQUITY, "BUY", "LIMIT", 2490.0, 0, 100, "pf-3")).body()
            .path("data").path("order_ids").path(0).asText();
        waitFor(() -> sim.orders().get(0).path("status").asText().equals("open"));
        sim.tick(EQUITY, 2489.95, 40);
        assertEquals(200, rest.modify("{\"order_id\":\"" + id + "\",\"quantity\":10,\"validity\":\"DAY\",\"price\":2490.0,"
            + "\"order_type\":\"LIMIT\",\"trigger_price\":0}").status());
        waitFor(() -> sim.orders().get(0).path("status").asText().equals("complete"));
        final JsonNode d = details(id);
        assertEquals(40, d.path("quantity").asLong());
        assertEquals(40, d.path("filled_quantity").asLong());
    }

    @Test
    void shouldWalkAMarketOrderAcrossTicksWhenItOutsizesTheTouch() throws Exception {
        final String id = rest.place(order(EQUITY, "SELL", "MARKET", 0, 0, 5_000, "pf-2")).body()
            .path("data").path("order_ids").path(0).asText();
        waitFor(() -> sim.trades().size() == 1);
        final long first = details(id).path("filled_quantity").asLong();
        assertTrue(first >= 1 && first <= 1_000, "one touch holds 1..1000, filled " + first);
        for (int i = 0; i < 20 && !"complete".equals(details(id).path("status").asText()); i++) {
            sim.tick(EQUITY, 2500.0 - i * 0.05, 10);
        }
        final JsonNode d = details(id);
        assertEquals("complete", d.path("status").asText());
        long traded = 0;
        for (JsonNode t : sim.trades()) {
            traded += t.path("quantity").asLong();
        }
        assertEquals(5_000, traded);
        assertTrue(sim.trades().size() >= 5);
    }
}
