package io.kavach.store;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchemaMigrationTest {
    private static TestDatabase db;

    @BeforeAll
    static void startDatabase() throws Exception {
        db = TestDatabase.shared();
    }

    @Test
    void shouldCreateEveryTableWithJsonbAndTimestamptzColumnsFromAnEmptyDatabase() throws Exception {
        final DatabaseEndpoint endpoint = db.freshDatabase();
        assertEquals("3", Store.migrate(endpoint, null));

        final Map<String, String> types = columnTypes(endpoint);
        for (final String table : List.of("monitor_rule", "monitor_log", "orders", "positions", "trades", "users",
            "task_schedule", "task_execution", "service_status", "store_watermark")) {
            assertTrue(types.keySet().stream().anyMatch(k -> k.startsWith(table + ".")), "table " + table + " exists");
        }
        for (final String column : List.of("id", "user_id", "name", "enabled", "trigger_type", "trigger_config", "action_type",
            "action_config", "instrument_token", "symbol", "linked_trade_id", "linked_order_id", "fire_count", "max_fires",
            "expires_at", "created_at", "updated_at", "fired_at")) {
            assertTrue(types.containsKey("monitor_rule." + column), "monitor_rule has every field of the rule model: " + column);
        }
        assertEquals("jsonb", types.get("monitor_rule.trigger_config"));
        assertEquals("jsonb", types.get("monitor_log.trigger_snapshot"));
        assertEquals("timestamp with time zone", types.get("monitor_rule.expires_at"));
        assertEquals("numeric", types.get("orders.average_price"));
        for (final String column : List.of("status", "failure_reason", "rejection_reason", "retry_count", "first_failure_at",
            "last_retry_at", "average_price", "filled_quantity", "executed_at", "last_status_check_at", "tag")) {
            assertTrue(types.containsKey("orders." + column), "orders lifecycle column " + column);
        }
        assertTrue(types.containsKey("users.token_ref"));
        // nothing that could hold a token
        assertTrue(types.keySet().stream().noneMatch(k -> k.startsWith("users.") && k.contains("token") && !k.equals("users.token_ref")));
    }

    @Test
    void shouldRefuseToStoreABrokerTokenInUsers() throws Exception {
        final DatabaseEndpoint endpoint = db.migratedDatabase();
        final Exception e = assertThrows(Exception.class, () -> exec(endpoint,
            "INSERT INTO users (name, token_ref) VALUES ('u', 'eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.payload')"));
        assertTrue(e.getMessage().contains("users_token_ref_is_reference"), e.getMessage());
    }

    @Test
    void shouldMigrateFromVersionOneKeepingRulesAndThenNotifyAndVersionThem() throws Exception {
        final DatabaseEndpoint endpoint = db.freshDatabase();
        assertEquals("1", Store.migrate(endpoint, "1"));
        exec(endpoint, "INSERT INTO monitor_rule (user_id, name, trigger_type, trigger_config, action_type, action_config, symbol, max_fires) "
            + "VALUES (1, 'sl', 'price', '{\"condition\":\"lte\",\"price\":2400.0}', 'place_order', '{\"transaction_type\":\"SELL\",\"quantity\":10}', 'RELIANCE', 1)");

        assertEquals("2", Store.migrate(endpoint, "2"));

        assertEquals("sl|1|null|2400.0", query(endpoint,
            "SELECT name || '|' || version || '|' || coalesce(deleted_at::text, 'null') || '|' || (trigger_config->>'price') FROM monitor_rule"));
        // a definition change bumps the version; the engine's bookkeeping does not
        exec(endpoint, "UPDATE monitor_rule SET name = 'stop loss'");
        assertEquals("2", query(endpoint, "SELECT version FROM monitor_rule"));
        exec(endpoint, "UPDATE monitor_rule SET fire_count = 1, fired_at = now()");
        assertEquals("2", query(endpoint, "SELECT version FROM monitor_rule"));
        assertNull(query(endpoint, "SELECT journal_seq FROM store_watermark"));
    }

    @Test
    void shouldMigrateFromVersionTwoGivingEveryJournalRowItsIstDay() throws Exception {
        final DatabaseEndpoint endpoint = db.freshDatabase();
        assertEquals("2", Store.migrate(endpoint, "2"));
        exec(endpoint,
            "INSERT INTO monitor_log (journal_seq, rule_id, user_id, trigger_type, action_type, trigger_snapshot, action_taken, fired_at) "
                + "VALUES (7, 1, 1, 'price', 'place_order', '{}', true, '2026-11-19T20:00:00Z')", // 01:30 IST on the 20th
            "INSERT INTO orders (user_id, tag, instrument_token, transaction_type, order_type, product, quantity, status, journal_seq, updated_at) "
                + "VALUES (1, 't1', 'NSE_EQ|INE002A01018', 'SELL', 'MARKET', 'I', 10, 'open', 7, '2026-11-19T05:00:00Z')",
            "INSERT INTO store_watermark (stream, journal_seq, updated_at) VALUES ('engine', 7, '2026-11-19T05:00:00Z')");

        assertEquals("3", Store.migrate(endpoint, null));

        assertEquals("2026-11-20", query(endpoint, "SELECT journal_day FROM monitor_log"));
        assertEquals("2026-11-19", query(endpoint, "SELECT journal_day FROM orders"));
        assertEquals("2026-11-19|7", query(endpoint, "SELECT journal_day || '|' || journal_seq FROM store_watermark"));
        // the same sequence on another day is another fire
        exec(endpoint, "INSERT INTO monitor_log (journal_day, journal_seq, rule_id, user_id, trigger_type, action_type, trigger_snapshot, "
            + "action_taken, fired_at) VALUES ('2026-11-21', 7, 1, 1, 'price', 'place_order', '{}', true, now())");
        assertEquals("2", query(endpoint, "SELECT count(*) FROM monitor_log"));
    }

    private static Map<String, String> columnTypes(final DatabaseEndpoint endpoint) throws Exception {
        final Map<String, String> types = new HashMap<>();
        try (Connection c = endpoint.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'public'")) {
            while (rs.next()) {
                types.put(rs.getString(1) + "." + rs.getString(2), rs.getString(3));
            }
        }
        return types;
    }

    static void exec(final DatabaseEndpoint endpoint, final String... sql) throws Exception {
        try (Connection c = endpoint.connect(); Statement s = c.createStatement()) {
            for (final String statement : sql) {
                s.execute(statement);
            }
        }
    }

    static String query(final DatabaseEndpoint endpoint, final String sql) throws Exception {
        try (Connection c = endpoint.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
