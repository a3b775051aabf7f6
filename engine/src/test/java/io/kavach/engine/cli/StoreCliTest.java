package io.kavach.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kavach.store.DatabaseEndpoint;
import io.kavach.store.Store;
import io.kavach.store.embedded.EmbeddedPostgresServer;
import io.kavach.store.position.PositionRepository;
import io.kavach.store.position.PositionRow;
import io.kavach.store.rule.RuleChangeHandler;
import io.kavach.store.rule.RuleChangeProcessor;
import io.kavach.store.status.ServiceStatus;
import io.kavach.store.status.ServiceStatusRepository;
import io.kavach.store.writer.MonitorLogEntry;
import io.kavach.store.writer.StoreWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every store command of the CLI against a real embedded PostgreSQL: one server for the class,
 * which each command invocation attaches to (as a CLI command does while the engine runs).
 */
class StoreCliTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String RELIANCE = "NSE_EQ|INE002A01018";

    @TempDir
    static Path home;
    private static EmbeddedPostgresServer server;

    @BeforeAll
    static void startDatabase() throws Exception {
        Files.writeString(home.resolve("instruments.csv"),
            "\"instrument_key\",\"exchange_token\",\"tradingsymbol\",\"name\",\"last_price\",\"expiry\",\"strike\",\"tick_size\",\"lot_size\",\"instrument_type\",\"option_type\",\"exchange\"\n"
                + "\"NSE_EQ|INE002A01018\",\"2885\",\"RELIANCE\",\"RELIANCE INDUSTRIES\",\"2500\",\"\",,\"0.05\",\"1\",\"EQUITY\",,\"NSE_EQ\"\n"
                + "\"NSE_EQ|INE467B01029\",\"11536\",\"TCS\",\"TATA CONSULTANCY\",\"3500\",\"\",,\"0.05\",\"1\",\"EQUITY\",,\"NSE_EQ\"\n");
        server = EmbeddedPostgresServer.startOrAttach(home);
        try (Store s = Store.open(io.kavach.store.StoreConfig.embedded(home))) {
            assertFalse(s.embedded().orElseThrow().ownsServer());
        }
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        server.close();
    }

    @BeforeEach
    void emptyTables() throws Exception {
        exec("TRUNCATE monitor_rule, monitor_log, orders, positions, service_status, store_watermark", "UPDATE users SET halted = false");
    }

    /** What one invocation of {@code kavach …} did. */
    record Run(int exit, String out, String err) {
        JsonNode json() throws Exception {
            return JSON.readTree(out);
        }
    }

    static Run kavach(final String... args) {
        final List<String> all = new ArrayList<>(Arrays.asList(args));
        if (all.size() >= 1 && !all.contains("--help") && !all.contains("--db-url")) {
            all.add("--home");
            all.add(home.toString());
        }
        final PrintStream oldOut = System.out;
        final PrintStream oldErr = System.err;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            final int exit = KavachMain.run(all.toArray(String[]::new));
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    static void exec(final String... sql) throws Exception {
        try (Connection c = server.endpoint().connect(); Statement s = c.createStatement()) {
            for (final String q : sql) {
                s.execute(q);
            }
        }
    }

    static String query(final String sql) throws Exception {
        try (Connection c = server.endpoint().connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    static long ruleCount() throws Exception {
        return Long.parseLong(query("SELECT count(*) FROM monitor_rule"));
    }

    // ---- rule add ------------------------------------------------------------------------------

    @Test
    void shouldAddAPriceStopAndListItAsTheNfMonitorModel() throws Exception {
        final Run add = kavach("rule", "add", "--name", "RIL stop", "--symbol", "RELIANCE", "--trigger", "price", "--condition", "lte",
            "--price", "2400", "--action", "place_order", "--side", "SELL", "--qty", "10", "--product", "I", "--max-fires", "1",
            "--expires", "today", "--json");
        assertEquals(0, add.exit(), add.err());
        final JsonNode rule = add.json();
        assertEquals("RIL stop", rule.get("name").asText());
        assertEquals(RELIANCE, rule.get("instrument_token").asText());
        assertEquals("RELIANCE", rule.get("symbol").asText());
        assertEquals("lte", rule.get("trigger_config").get("condition").asText());
        assertEquals(2400, rule.get("trigger_config").get("price").asInt());
        assertEquals("SELL", rule.get("action_config").get("transaction_type").asText());
        assertEquals("MARKET", rule.get("action_config").get("order_type").asText());
        assertEquals(RELIANCE, rule.get("action_config").get("instrument_token").asText());
        assertEquals(1, rule.get("max_fires").asInt());
        assertTrue(rule.get("expires_at").asText().endsWith("T23:59:59+05:30"), rule.toString());
        assertTrue(rule.get("active").asBoolean());

        final Run list = kavach("rule", "list", "--json");
        assertEquals(0, list.exit(), list.err());
        assertEquals(1, list.json().size());
        assertEquals(rule.get("id").asLong(), list.json().get(0).get("id").asLong());
        final Run human = kavach("rule", "list");
        assertTrue(human.out().contains("RIL stop") && human.out().contains("active"), human.out());
    }

    @Test
    void shouldAddEveryTriggerAndActionOfTheRuleModel() throws Exception {
        final long stop = kavach("rule", "add", "--symbol", "TCS", "--trigger", "price", "--condition", "crosses_below", "--price", "3400.5",
            "--reference", "bid", "--action", "place_order", "--side", "SELL", "--qty", "5", "--product", "D", "--order-type", "SL",
            "--limit-price", "3390", "--trigger-price", "3395", "--validity", "IOC", "--max-fires", "unlimited", "--json").json().get("id").asLong();
        final String[][] adds = {
            {"rule", "add", "--trigger", "time", "--at", "15:15", "--on-days", "mon,tue,wed,thu,fri", "--market-only", "true",
                "--action", "square_off_intraday", "--expires", "today"},
            {"rule", "add", "--symbol", "NIFTY", "--trigger", "indicator", "--indicator", "rsi", "--timeframe", "5m", "--condition",
                "crosses_above", "--value", "30", "--param", "period=14", "--action", "enable_rule", "--rule-id", String.valueOf(stop)},
            {"rule", "add", "--trigger", "order_status", "--on-order", "240101000123", "--status", "complete", "--action", "enable_rule",
                "--rule-id", String.valueOf(stop)},
            {"rule", "add", "--symbol", "RELIANCE", "--trigger", "trailing_stop", "--trail-side", "long", "--trail", "percent",
                "--distance", "1.5", "--activation-price", "2500", "--action", "place_order", "--side", "SELL", "--qty", "10", "--product", "I"},
            {"rule", "add", "--symbol", "RELIANCE", "--trigger", "compound", "--trigger-config",
                "{\"operator\":\"and\",\"conditions\":[{\"trigger_type\":\"price\",\"trigger_config\":{\"condition\":\"gte\",\"price\":2500}},"
                    + "{\"trigger_type\":\"time\",\"trigger_config\":{\"at\":\"10:00\"}}]}",
                "--action", "cancel_order", "--order-id", "240101000999"},
            {"rule", "add", "--symbol", "RELIANCE", "--trigger", "price", "--condition", "gte", "--price", "2600", "--action", "modify_order",
                "--order-id", "240101000999", "--trigger-price", "2550"},
            {"rule", "add", "--symbol", "RELIANCE", "--trigger", "price", "--condition", "gte", "--price", "2700", "--action", "cancel_rule",
                "--rule-id", String.valueOf(stop), "--also-enable", String.valueOf(stop)},
            {"rule", "add", "--symbol", "RELIANCE", "--trigger", "price", "--trigger-config", "{\"condition\":\"lte\",\"price\":2300}",
                "--action", "place_order", "--action-config",
                "{\"transaction_type\":\"SELL\",\"quantity\":10,\"order_type\":\"MARKET\",\"product\":\"I\",\"symbol\":\"RELIANCE\"}"},
        };
        for (final String[] args : adds) {
            final Run r = kavach(args);
            assertEquals(0, r.exit(), String.join(" ", args) + "\n" + r.err());
            assertTrue(r.out().startsWith("added rule "), r.out());
        }
        assertEquals(1 + adds.length, ruleCount());
        assertEquals("time|{}|square_off_intraday", query(
            "SELECT trigger_type || '|' || action_config::text || '|' || action_type FROM monitor_rule WHERE trigger_type = 'time'"));
        assertEquals("14", query("SELECT trigger_config->'params'->>'period' FROM monitor_rule WHERE trigger_type = 'indicator'"));
        assertEquals("1.5|2500", query("SELECT (trigger_config->>'distance') || '|' || (trigger_config->>'activation_price') FROM monitor_rule WHERE trigger_type = 'trailing_stop'"));
        assertEquals("and", query("SELECT trigger_config->>'operator' FROM monitor_rule WHERE trigger_type = 'compound'"));
        assertEquals("[" + stop + "]", query("SELECT action_config->>'also_enable_rules' FROM monitor_rule WHERE action_type = 'cancel_rule'"));
    }

    @Test
    void shouldAddAnOcoPairWhoseLegsCancelEachOther() throws Exception {
        final Run r = kavach("rule", "add-oco", "--symbol", "RELIANCE", "--qty", "10", "--product", "I", "--sl", "2400", "--target", "2700",
            "--linked-trade", "T-77", "--expires", "today", "--json");
        assertEquals(0, r.exit(), r.err());
        final JsonNode legs = r.json();
        assertEquals(2, legs.size());
        final long sl = legs.get(0).get("id").asLong();
        final long target = legs.get(1).get("id").asLong();
        assertEquals("lte", legs.get(0).get("trigger_config").get("condition").asText());
        assertEquals("gte", legs.get(1).get("trigger_config").get("condition").asText());
        assertEquals(target, legs.get(0).get("action_config").get("also_cancel_rules").get(0).asLong());
        assertEquals(sl, legs.get(1).get("action_config").get("also_cancel_rules").get(0).asLong());
        assertEquals("T-77", legs.get(1).get("linked_trade_id").asText());
        assertEquals(1, legs.get(0).get("max_fires").asInt());
        assertTrue(legs.get(0).get("action_config").get("reduce_only").asBoolean(), "OCO legs are exits");
        assertEquals("SELL", legs.get(0).get("action_config").get("transaction_type").asText());
    }

    // ---- bad input: exit 2, a message naming what is wrong, nothing written ------------------------

    @Test
    void shouldRefuseBadInputWithExitTwoANamedProblemAndNothingWritten() throws Exception {
        final String[] priceRule = {"rule", "add", "--symbol", "RELIANCE", "--trigger", "price", "--condition", "lte", "--price", "2400",
            "--action", "place_order", "--side", "SELL", "--qty", "10", "--product", "I"};
        final Object[][] cases = {
            {"unknown symbol", with(priceRule, "--symbol", "NOSUCH"), "--symbol: unknown symbol or instrument key 'NOSUCH'"},
            {"max fires 0", with(priceRule, "--max-fires", "0"), "--max-fires: expected at least 1"},
            {"expiry in the past", with(priceRule, "--expires", "2020-01-01T10:00:00+05:30"), "--expires: 2020-01-01T10:00:00+05:30"},
            {"malformed price", with(priceRule, "--price", "abc"), "--price"},
            {"negative price", with(priceRule, "--price", "-5"), "--price: expected a price above 0"},
            {"unknown trigger", with(priceRule, "--trigger", "moon_phase"), "--trigger: expected one of"},
            {"unknown condition", with(priceRule, "--condition", "about"), "--condition: expected one of"},
            {"flag of another trigger", with(priceRule, "--at", "15:15"), "--at does not apply to --trigger price"},
            {"missing price", without(priceRule, "--price"), "--price is required"},
            {"missing side", without(priceRule, "--side"), "--side is required"},
            {"limit without price", with(priceRule, "--order-type", "LIMIT"), "--limit-price is required for a LIMIT order"},
            {"bad raw JSON", with(priceRule, "--trigger-config", "{\"price\":"), "--trigger-config: not JSON"},
            {"raw JSON and flag for one field", with(priceRule, "--trigger-config", "{\"price\":2300}"), "--price and --trigger-config both set \"price\""},
            {"rule that does not exist", new String[] {"rule", "add", "--trigger", "time", "--at", "15:15", "--action", "cancel_rule", "--rule-id", "424242"},
                "rule 424242 does not exist"},
            {"bad time", new String[] {"rule", "add", "--trigger", "time", "--at", "25:00", "--action", "square_off_intraday"}, "--at: expected an IST time"},
            {"target below stop for a long", new String[] {"rule", "add-oco", "--symbol", "RELIANCE", "--qty", "10", "--product", "I",
                "--sl", "2700", "--target", "2400"}, "--target 2400 is not above --sl 2700"},
            {"enable a rule that does not exist", new String[] {"rule", "enable", "424242"}, "rule 424242 does not exist"},
            {"delete a rule that does not exist", new String[] {"rule", "delete", "424242"}, "rule 424242 does not exist"},
            {"logs of a rule that does not exist", new String[] {"logs", "--rule", "424242"}, "--rule: rule 424242 does not exist"},
            {"logs limit 0", new String[] {"logs", "--limit", "0"}, "--limit: expected 1 to"},
            {"unknown command flag", new String[] {"rule", "list", "--colour"}, "--colour"},
            {"bad database URL", new String[] {"rule", "list", "--db-url", "mysql://x"}, "--db-url: expected a JDBC URL"},
            {"compound tree the engine refuses", new String[] {"rule", "add", "--symbol", "RELIANCE", "--trigger", "compound", "--trigger-config",
                "{\"operator\":\"xor\",\"conditions\":[{\"trigger_type\":\"price\",\"trigger_config\":{\"condition\":\"gte\",\"price\":1}}]}",
                "--action", "square_off_intraday"}, "trigger_config.operator"},
            {"raw action config the engine refuses", new String[] {"rule", "add", "--symbol", "RELIANCE", "--trigger", "price", "--condition", "lte",
                "--price", "2400", "--action", "place_order", "--action-config",
                "{\"transaction_type\":\"SELL\",\"quantity\":0,\"product\":\"I\"}"}, "action_config.quantity"},
        };
        for (final Object[] c : cases) {
            final Run r = kavach((String[]) c[1]);
            assertEquals(2, r.exit(), c[0] + ": " + r.err() + r.out());
            assertTrue(r.err().contains((String) c[2]), c[0] + ": expected '" + c[2] + "' in: " + r.err());
            assertEquals(0, ruleCount(), c[0] + ": nothing written");
        }
    }

    static String[] with(final String[] base, final String flag, final String value) {
        final List<String> args = new ArrayList<>(Arrays.asList(base));
        final int i = args.indexOf(flag);
        if (i >= 0) {
            args.set(i + 1, value);
        } else {
            args.add(flag);
            args.add(value);
        }
        return args.toArray(String[]::new);
    }

    static String[] without(final String[] base, final String flag) {
        final List<String> args = new ArrayList<>(Arrays.asList(base));
        final int i = args.indexOf(flag);
        args.remove(i + 1);
        args.remove(i);
        return args.toArray(String[]::new);
    }

    // ---- enable, disable, delete, list --active --------------------------------------------------

    @Test
    void shouldEnableDisableAndDeleteRulesAndListOnlyActiveOnes() throws Exception {
        final long a = kavach("rule", "add", "--trigger", "time", "--at", "15:15", "--action", "square_off_intraday", "--json").json().get("id").asLong();
        final long b = kavach("rule", "add", "--trigger", "time", "--at", "15:20", "--action", "square_off_intraday", "--json").json().get("id").asLong();
        assertEquals(0, kavach("rule", "disable", String.valueOf(a)).exit());
        assertEquals(List.of(b), ids(kavach("rule", "list", "--active", "--json").json()));
        assertEquals(List.of(a, b), ids(kavach("rule", "list", "--json").json()));
        assertEquals("rule " + a + " enabled\n", kavach("rule", "enable", String.valueOf(a)).out());
        assertEquals(0, kavach("rule", "delete", String.valueOf(b)).exit());
        assertEquals(List.of(a), ids(kavach("rule", "list", "--json").json()));
        final Run again = kavach("rule", "delete", String.valueOf(b));
        assertEquals(2, again.exit());
        assertTrue(again.err().contains("already deleted"), again.err());
        assertEquals(2, kavach("rule", "enable", String.valueOf(b)).exit(), "a deleted rule cannot come back");
    }

    static List<Long> ids(final JsonNode array) {
        final List<Long> ids = new ArrayList<>();
        array.forEach(n -> ids.add(n.get("id").asLong()));
        return ids;
    }

    // ---- logs and status ---------------------------------------------------------------------

    @Test
    void shouldShowTheMonitorLogNewestFirst() throws Exception {
        final long rule = kavach("rule", "add", "--symbol", "RELIANCE", "--trigger", "price", "--condition", "lte", "--price", "2400",
            "--action", "place_order", "--side", "SELL", "--qty", "10", "--product", "I", "--json").json().get("id").asLong();
        try (StoreWriter writer = new StoreWriter(server.endpoint(), (f, t, s) -> { }, e -> { }).start()) {
            for (long seq = 1; seq <= 3; seq++) {
                writer.offer(new MonitorLogEntry(20_412, seq, rule, 1, "price", "place_order", "{\"ltp\":" + (2400 - seq) + "}",
                    "{\"tag\":\"k" + seq + "\"}", true, 1_763_700_000_000L + seq * 60_000, (int) seq));
            }
            writer.processedThrough(20_412, 3);
            final long deadline = System.currentTimeMillis() + 20_000;
            while (writer.watermark() < io.kavach.store.writer.JournalPosition.of(20_412, 3) && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
        }
        final Run logs = kavach("logs", "--rule", String.valueOf(rule), "--limit", "2", "--json");
        assertEquals(0, logs.exit(), logs.err());
        assertEquals(2, logs.json().size());
        assertEquals(3, logs.json().get(0).get("journal_seq").asLong());
        assertEquals(2397, logs.json().get(0).get("trigger_snapshot").get("ltp").asInt());
        assertEquals("k3", logs.json().get(0).get("action_result").get("tag").asText());
        final Run human = kavach("logs");
        assertTrue(human.out().contains("place_order") && human.out().lines().count() == 4, human.out());
        assertEquals("3", query("SELECT fire_count FROM monitor_rule WHERE id = " + rule));
    }

    @Test
    void shouldReportTheEngineHeartbeatHaltedUsersAndTheStore() throws Exception {
        final Run none = kavach("status", "--json");
        assertEquals(0, none.exit(), none.err());
        assertFalse(none.json().get("engine").get("running").asBoolean());
        assertEquals("never started", none.json().get("engine").get("state").asText());

        try (Connection c = server.endpoint().connect()) {
            new ServiceStatusRepository().upsert(Store.dsl(c), new ServiceStatus("engine", "i-9", 4242, "trading-host", "running",
                Instant.now().minusSeconds(3600), Instant.now().minusSeconds(5), "connected", "reconnecting", 2L, 987L,
                "{\"ticks\":123,\"fires\":4}", "0.1.0"));
        }
        exec("UPDATE users SET halted = true, halted_at = now(), halt_reason = 'daily loss limit' WHERE id = 1");
        final Run json = kavach("status", "--json");
        final JsonNode engine = json.json().get("engine");
        assertTrue(engine.get("running").asBoolean());
        assertEquals("reconnecting", engine.get("portfolio_feed").asText());
        assertEquals(123, engine.get("counters").get("ticks").asInt());
        assertEquals("daily loss limit", json.json().get("halted_users").get(0).get("reason").asText());
        final Run human = kavach("status");
        assertTrue(human.out().contains("engine:   running") && human.out().contains("daily loss limit"), human.out());

        exec("UPDATE service_status SET heartbeat_at = now() - interval '10 minutes'");
        assertEquals("not responding (running)", kavach("status", "--json").json().get("engine").get("state").asText());
    }

    // ---- simulate and dry-run: a paper engine with the active rules; nothing sent, nothing written ------

    static void storePosition(final String key, final String symbol, final long qty, final String last) throws Exception {
        try (Connection c = server.endpoint().connect()) {
            new PositionRepository().upsert(Store.dsl(c), new PositionRow(1, key, symbol, "I", qty, new BigDecimal("2500"),
                new BigDecimal(last), BigDecimal.ZERO, BigDecimal.ZERO, LocalDate.now(), 1));
        }
    }

    @Test
    void shouldSimulateAPriceFiringExactlyOneOcoLegAgainstTheStoredPosition() throws Exception {
        exec("TRUNCATE positions");
        final JsonNode legs = kavach("rule", "add-oco", "--symbol", "RELIANCE", "--qty", "10", "--product", "I", "--sl", "2400",
            "--target", "2700", "--json").json();
        storePosition(RELIANCE, "RELIANCE", 10, "2500");

        final Run sim = kavach("simulate", "--symbol", "RELIANCE", "--price", "2399", "--json");
        assertEquals(0, sim.exit(), sim.err());
        final JsonNode fires = sim.json().get("fires");
        assertEquals(1, fires.size(), fires.toString());
        assertEquals(legs.get(0).get("id").asLong(), fires.get(0).get("rule_id").asLong());
        assertEquals("SENT", fires.get(0).get("result").asText());
        final JsonNode intent = fires.get(0).get("intents").get(0);
        assertEquals("SELL", intent.get("side").asText());
        assertEquals(10, intent.get("quantity").asLong());
        assertTrue(intent.get("exit").asBoolean());

        final Run flat = kavach("simulate", "--symbol", "RELIANCE", "--price", "2399", "--position", "0", "--json");
        assertEquals("SKIPPED_FLAT", flat.json().get("fires").get(0).get("result").asText(), "a stop left behind cannot open a position");
        assertEquals(0, flat.json().get("fires").get(0).get("intents").size());

        final Run human = kavach("simulate", "--symbol", "RELIANCE", "--price", "2500");
        assertTrue(human.out().contains("nothing would fire"), human.out());
        assertEquals("0|0", query("SELECT (SELECT count(*) FROM monitor_log) || '|' || (SELECT count(*) FROM orders)"), "nothing written");
        assertEquals("0", query("SELECT sum(fire_count) FROM monitor_rule"));
    }

    @Test
    void shouldNeedAMoveForACrossInSimulate() throws Exception {
        exec("TRUNCATE positions");
        final long id = kavach("rule", "add", "--symbol", "TCS", "--trigger", "price", "--condition", "crosses_above", "--price", "3500",
            "--action", "place_order", "--side", "BUY", "--qty", "1", "--product", "I", "--json").json().get("id").asLong();
        assertEquals(0, kavach("simulate", "--symbol", "TCS", "--price", "3510", "--json").json().get("fires").size(),
            "a first price crosses nothing");
        final JsonNode fires = kavach("simulate", "--symbol", "TCS", "--from", "3490", "--price", "3510", "--json").json().get("fires");
        assertEquals(1, fires.size());
        assertEquals(id, fires.get(0).get("rule_id").asLong());
        assertEquals("BUY", fires.get(0).get("intents").get(0).get("side").asText());
        assertEquals(2, kavach("simulate", "--symbol", "NOSUCH", "--price", "1").exit());
        assertEquals(2, kavach("simulate", "--symbol", "TCS", "--price", "-1").exit());
        assertEquals(2, kavach("simulate", "--symbol", "TCS", "--price", "1", "--at", "yesterday").exit());
    }

    @Test
    void shouldDryRunTheActiveRulesAgainstStoredPricesAndPositions() throws Exception {
        exec("TRUNCATE positions");
        final long stop = kavach("rule", "add", "--symbol", "RELIANCE", "--trigger", "price", "--condition", "lte", "--price", "2400",
            "--action", "place_order", "--side", "SELL", "--qty", "20", "--product", "I", "--reduce-only", "--json").json().get("id").asLong();
        final long entry = kavach("rule", "add", "--symbol", "TCS", "--trigger", "price", "--condition", "lte", "--price", "3400",
            "--action", "place_order", "--side", "BUY", "--qty", "2", "--product", "I", "--json").json().get("id").asLong();
        kavach("rule", "add", "--symbol", "NIFTY", "--trigger", "price", "--condition", "gte", "--price", "30000",
            "--action", "square_off_intraday");
        storePosition(RELIANCE, "RELIANCE", 10, "2390");

        final Run dry = kavach("dry-run", "--price", "TCS=3300", "--json");
        assertEquals(0, dry.exit(), dry.err());
        final JsonNode result = dry.json();
        assertEquals(List.of(stop, entry), ruleIds(result.get("fires")).stream().sorted().toList(), result.toString());
        for (final JsonNode f : result.get("fires")) {
            assertEquals("SENT", f.get("result").asText());
            if (f.get("rule_id").asLong() == stop) {
                assertEquals(10, f.get("intents").get(0).get("quantity").asLong(), "the exit is cut to the 10 held, not the 20 asked");
                assertTrue(f.get("intents").get(0).get("exit").asBoolean());
            }
        }
        assertEquals(2390.0, result.get("prices").get(RELIANCE).asDouble());
        assertEquals("NSE_INDEX|Nifty 50", result.get("instruments_without_price").get(0).asText());
        assertEquals(0, Long.parseLong(query("SELECT count(*) FROM monitor_log")), "acts on nothing");
        assertEquals(2, kavach("dry-run", "--price", "NOSUCH=1").exit());
    }

    static List<Long> ruleIds(final JsonNode fires) {
        final List<Long> ids = new ArrayList<>();
        fires.forEach(f -> ids.add(f.get("rule_id").asLong()));
        return ids;
    }

    // ---- help, real-server path, and the engine picking a CLI rule up --------------------------------

    @Test
    void shouldPrintHelpForEveryCommand() {
        for (final String[] cmd : new String[][] {{"--help"}, {"rule", "--help"}, {"rule", "add", "--help"}, {"rule", "add-oco", "--help"},
            {"rule", "list", "--help"}, {"rule", "enable", "--help"}, {"rule", "disable", "--help"}, {"rule", "delete", "--help"},
            {"logs", "--help"}, {"status", "--help"}, {"simulate", "--help"}, {"dry-run", "--help"}}) {
            final Run r = kavach(cmd);
            assertEquals(0, r.exit(), String.join(" ", cmd));
            assertTrue(r.out().contains("Usage:"), String.join(" ", cmd) + ": " + r.out());
        }
    }

    @Test
    void shouldUseARealServerGivenByUrlWithThePasswordFromAFile() throws Exception {
        final DatabaseEndpoint e = server.endpoint();
        final Run r = kavach("rule", "add", "--trigger", "time", "--at", "15:15", "--action", "square_off_intraday",
            "--db-url", e.jdbcUrl(), "--db-user", e.user(), "--db-password-file", home.resolve("postgres/password").toString(),
            "--home", home.resolve("not-used").toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(1, ruleCount());
        assertFalse(Files.exists(home.resolve("not-used/postgres")), "no embedded server for --db-url");
    }

    @Test
    void shouldFailWithExitOneAndNoPasswordWhenTheDatabaseCannotBeReached() throws Exception {
        final Path passwordFile = home.resolve("secret-password");
        Files.writeString(passwordFile, "s3cr3t-do-not-print\n");
        final Run r = kavach("rule", "list", "--db-url", "jdbc:postgresql://127.0.0.1:1/kavach", "--db-user", "kavach",
            "--db-password-file", passwordFile.toString());
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("cannot open the store"), r.err());
        assertFalse(r.err().contains("s3cr3t-do-not-print") || r.out().contains("s3cr3t-do-not-print"));
    }

    @Test
    void shouldDeliverARuleAddedFromTheCliToARunningEngineWithinTheNotifyPath() throws Exception {
        final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
        final RuleChangeHandler engine = new RuleChangeHandler() {
            @Override
            public void onRuleChanged(final long ruleId, final int userId, final long version, final String ruleJson) {
                received.add(ruleJson);
            }

            @Override
            public void onRuleDeleted(final long ruleId, final int userId, final long version) {
                received.add("deleted " + ruleId);
            }
        };
        try (RuleChangeProcessor processor = new RuleChangeProcessor(server.endpoint(), engine, 600_000, List.of(), e -> { }).start()) {
            final Run add = kavach("rule", "add-oco", "--symbol", "RELIANCE", "--qty", "10", "--product", "I", "--sl", "2400",
                "--target", "2700", "--json");
            assertEquals(0, add.exit(), add.err());
            final JsonNode first = JSON.readTree(received.poll(10, TimeUnit.SECONDS));
            final JsonNode second = JSON.readTree(received.poll(10, TimeUnit.SECONDS));
            assertEquals(add.json().get(0).get("id").asLong(), first.get("id").asLong());
            assertEquals(second.get("id").asLong(), first.get("action_config").get("also_cancel_rules").get(0).asLong(),
                "the engine receives both legs complete, each naming the other");
            assertEquals(0, kavach("rule", "delete", String.valueOf(first.get("id").asLong())).exit());
            assertEquals("deleted " + first.get("id").asLong(), received.poll(10, TimeUnit.SECONDS));
            assertEquals(1, processor.fullSyncs(), "delivered by NOTIFY, not by the poll");
        }
    }
}
