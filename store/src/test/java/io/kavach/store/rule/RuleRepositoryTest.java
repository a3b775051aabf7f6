package io.kavach.store.rule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kavach.store.DatabaseEndpoint;
import io.kavach.store.Store;
import io.kavach.store.TestDatabase;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuleRepositoryTest {
    static final Instant NOW = Instant.parse("2026-11-20T05:00:00Z");
    private final RuleRepository rules = new RuleRepository();
    private DatabaseEndpoint endpoint;

    @BeforeEach
    void freshDatabase() throws Exception {
        endpoint = TestDatabase.shared().migratedDatabase();
    }

    static RuleDefinition stopLoss(final String name, final Integer maxFires, final Instant expiresAt) {
        return new RuleDefinition(1, name, true, "price", "{\"condition\":\"lte\",\"price\":2400.0,\"reference\":\"ltp\"}",
            "place_order", "{\"symbol\":\"RELIANCE\",\"transaction_type\":\"SELL\",\"quantity\":10,\"order_type\":\"MARKET\",\"product\":\"I\"}",
            "NSE_EQ|INE002A01018", "RELIANCE", "T-1", null, maxFires, expiresAt);
    }

    @Test
    void shouldStoreEveryFieldAndGiveItBackInTheNfMonitorModel() throws Exception {
        try (Connection c = endpoint.connect()) {
            final DSLContext dsl = Store.dsl(c);
            final long id = rules.insert(dsl, stopLoss("sl", 1, Instant.parse("2026-11-20T09:55:00Z")));
            final RuleRow row = rules.find(dsl, id).orElseThrow();
            final JsonNode json = new ObjectMapper().readTree(row.toJson());

            assertEquals(id, json.get("id").asLong());
            assertEquals(1, json.get("user_id").asInt());
            assertEquals("price", json.get("trigger_type").asText());
            assertEquals(2400.0, json.get("trigger_config").get("price").asDouble());
            assertEquals("SELL", json.get("action_config").get("transaction_type").asText());
            assertEquals("NSE_EQ|INE002A01018", json.get("instrument_token").asText());
            assertEquals("T-1", json.get("linked_trade_id").asText());
            assertTrue(json.get("linked_order_id").isNull());
            assertEquals(0, json.get("fire_count").asInt());
            assertEquals(1, json.get("max_fires").asInt());
            assertEquals("2026-11-20T15:25:00+05:30", json.get("expires_at").asText());
            assertTrue(json.get("fired_at").isNull());
            assertTrue(json.has("created_at") && json.has("updated_at"));
            assertEquals(18, json.size(), "exactly the rule model's fields: " + json);
        }
    }

    @Test
    void shouldListOnlyRulesThatCanStillFireWhenAskedForActiveOnes() throws Exception {
        try (Connection c = endpoint.connect()) {
            final DSLContext dsl = Store.dsl(c);
            final long live = rules.insert(dsl, stopLoss("live", null, null));
            final long expired = rules.insert(dsl, stopLoss("expired", null, NOW.minusSeconds(1)));
            final long usedUp = rules.insert(dsl, stopLoss("used up", 1, null));
            final long disabled = rules.insert(dsl, stopLoss("disabled", null, null));
            final long deleted = rules.insert(dsl, stopLoss("deleted", null, null));
            rules.recordFire(dsl, usedUp, 1, NOW);
            assertTrue(rules.setEnabled(dsl, disabled, false));
            assertTrue(rules.delete(dsl, deleted, NOW));

            assertEquals(List.of(live), rules.list(dsl, true, NOW).stream().map(RuleRow::id).toList());
            assertEquals(List.of(live, expired, usedUp, disabled), rules.list(dsl, false, NOW).stream().map(RuleRow::id).toList());
            assertTrue(rules.find(dsl, deleted).orElseThrow().deleted());
        }
    }

    @Test
    void shouldReportMissingRulesAndNeverResurrectADeletedOne() throws Exception {
        try (Connection c = endpoint.connect()) {
            final DSLContext dsl = Store.dsl(c);
            assertFalse(rules.setEnabled(dsl, 999, true));
            assertFalse(rules.delete(dsl, 999, NOW));
            final long id = rules.insert(dsl, stopLoss("x", null, null));
            assertTrue(rules.delete(dsl, id, NOW));
            assertFalse(rules.delete(dsl, id, NOW), "a second delete finds nothing to delete");
            assertFalse(rules.setEnabled(dsl, id, true), "a deleted rule cannot be enabled again");
            assertFalse(rules.find(dsl, id).orElseThrow().enabled());
        }
    }

    @Test
    void shouldBumpTheVersionOnDefinitionChangesButNotOnFireBookkeepingWhichNeverGoesBackwards() throws Exception {
        try (Connection c = endpoint.connect()) {
            final DSLContext dsl = Store.dsl(c);
            final long id = rules.insert(dsl, stopLoss("x", 3, null));
            assertEquals(1, rules.find(dsl, id).orElseThrow().version());
            rules.setEnabled(dsl, id, false);
            rules.setEnabled(dsl, id, false); // no change: no new version
            assertEquals(2, rules.find(dsl, id).orElseThrow().version());

            rules.recordFire(dsl, id, 2, NOW);
            rules.recordFire(dsl, id, 1, NOW.minusSeconds(60)); // an older fire re-written after an outage
            final RuleRow row = rules.find(dsl, id).orElseThrow();
            assertEquals(2, row.fireCount());
            assertEquals(NOW, row.firedAt().toInstant());
            assertEquals(2, row.version());
        }
    }
}
