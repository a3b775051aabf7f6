package io.kavach.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kavach.config.time.MarketClock;
import io.kavach.sim.SimulatorConfig;
import io.kavach.sim.UpstoxSimulator;
import io.kavach.sim.scenario.BarScenario;
import io.kavach.store.embedded.EmbeddedPostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code kavach run} with its rules, rows and heartbeat in the store: a real embedded PostgreSQL (one
 * for the class, which the engine and the CLI commands attach to), the in-process simulator over
 * loopback sockets as market and broker (live mode), ticks injected one by one.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RunWithStoreTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NIFTY = BarScenario.NIFTY_50_KEY;
    private static final long DAY = LocalDate.of(2023, 1, 2).toEpochDay();

    @TempDir
    static Path home;
    private static EmbeddedPostgresServer server;

    @TempDir
    Path dir;
    private UpstoxSimulator sim;
    private Path tokenFile;
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private PrintStream oldErr;

    @BeforeAll
    static void startDatabase() throws Exception {
        server = EmbeddedPostgresServer.startOrAttach(home);
        // the CLI migrates on first use; the engine and every command attach to this server through --home
        assertEquals(0, cli("rule", "list").exit, "migrate through the CLI");
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        server.close();
    }

    @BeforeEach
    void startSimulator() throws Exception {
        server.ensureRunning();
        exec("TRUNCATE monitor_rule, monitor_log, orders, service_status, store_watermark");
        exec("UPDATE users SET halted = false, halted_at = NULL, halt_reason = NULL");
        sim = UpstoxSimulator.start(SimulatorConfig.builder()
            .scenario(() -> BarScenario.shipped(LocalDate.ofEpochDay(DAY), LocalDate.ofEpochDay(DAY))).startPaused(true).build());
        tokenFile = java.nio.file.Files.writeString(dir.resolve("token"), SimulatorConfig.DEFAULT_TOKEN + "\n");
        oldErr = System.err;
        System.setErr(new PrintStream(new CliTestSupport.TeeStream(errBytes, oldErr), true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stopSimulator() {
        System.setErr(oldErr);
        sim.close();
    }

    @Test
    void shouldFireARuleAddedFromTheCliWhileRunningAndStoreItsMonitorLogAndOrderRows() throws Exception {
        final Running run = start(cmd -> { });
        assertEquals(List.of(), subscribedKeys(), "an empty store: nothing to watch yet");

        final Cli added = cli("rule", "add", "--name", "dip buy", "--symbol", "NIFTY", "--trigger", "price", "--condition", "lte",
            "--price", "18110", "--action", "place_order", "--side", "BUY", "--qty", "50", "--product", "I", "--json");
        assertEquals(0, added.exit, added.err);
        final long ruleId = JSON.readTree(added.out).path("id").asLong();
        // LISTEN/NOTIFY → a journaled RULE_COMMAND → the subscription planner asks the feed for NIFTY
        awaitTrue(() -> subscribedKeys().contains(NIFTY), 5_000, "the rule reached the engine and the feed follows it: " + errText());

        tick(9, 20, 18130.0);
        tick(9, 21, 18105.0);
        awaitTrue(() -> sim.orders().size() == 1 && "complete".equals(sim.orders().get(0).path("status").asText()), 10_000, "the order filled");
        final String tag = sim.orders().get(0).path("tag").asText();
        awaitTrue(() -> "complete".equals(query("SELECT status FROM orders WHERE tag = '" + tag + "'")), 10_000, "the order row complete");

        assertEquals("1", query("SELECT count(*) FROM monitor_log WHERE rule_id = " + ruleId));
        final JsonNode snapshot = JSON.readTree(query("SELECT trigger_snapshot::text FROM monitor_log WHERE rule_id = " + ruleId));
        assertEquals(NIFTY, snapshot.path("instrument").asText(), snapshot.toString());
        assertEquals(18105, snapshot.path("price").asDouble(), 1e-9, snapshot.toString());
        assertEquals(18110, snapshot.path("level").asDouble(), 1e-9, snapshot.toString());
        final JsonNode result = JSON.readTree(query("SELECT action_result::text FROM monitor_log WHERE rule_id = " + ruleId));
        assertEquals("SENT", result.path("result").asText(), result.toString());
        assertEquals(tag, result.path("tags").path(0).asText(), result.toString());
        assertEquals("t", query("SELECT action_taken FROM monitor_log WHERE rule_id = " + ruleId));
        assertEquals("2023-01-02T09:21+05:30", istMinute(query("SELECT fired_at FROM monitor_log WHERE rule_id = " + ruleId)));
        final java.math.BigDecimal filledAt = new java.math.BigDecimal(sim.orders().get(0).path("average_price").asText()).setScale(6);
        assertEquals(ruleId + " BUY MARKET I 50 50 " + filledAt.toPlainString(),
            query("SELECT rule_id || ' ' || transaction_type || ' ' || order_type || ' ' || product || ' ' || quantity || ' ' || filled_quantity"
                + " || ' ' || average_price FROM orders WHERE tag = '" + tag + "'"));
        assertTrue(query("SELECT broker_order_id FROM orders WHERE tag = '" + tag + "'") != null, "the broker's id is kept");
        assertEquals("1", query("SELECT fire_count FROM monitor_rule WHERE id = " + ruleId), "the fire is counted on the rule");

        // the heartbeat (every 300 ms here, every minute by default) is what `kavach status` shows
        awaitTrue(() -> {
            final Cli status = cli("status", "--json");
            final JsonNode engine = JSON.readTree(status.out).path("engine");
            return engine.path("running").asBoolean() && "connected".equals(engine.path("market_feed").asText())
                && engine.path("counters").path("fires").asLong() == 1 && engine.path("counters").path("store_rows_written").asLong() >= 3;
        }, 5_000, "status shows the running engine, its feed and counters");

        // disabling from the CLI reaches the running engine: the next cross fires nothing
        final Cli second = cli("rule", "add", "--name", "second dip", "--symbol", "NIFTY", "--trigger", "price", "--condition", "lte",
            "--price", "18090", "--action", "place_order", "--side", "BUY", "--qty", "10", "--product", "I", "--max-fires", "unlimited", "--json");
        final long secondId = JSON.readTree(second.out).path("id").asLong();
        awaitTrue(() -> errText().contains("store rules [" + secondId + "] loaded"), 5_000, "the second rule loaded");
        assertEquals(0, cli("rule", "disable", Long.toString(secondId)).exit);
        awaitTrue(() -> errText().contains("store rule " + secondId + " disabled"), 5_000, "the disable reached the engine");
        tick(9, 22, 18100.0);
        tick(9, 23, 18080.0);
        Thread.sleep(500);
        assertEquals(1, sim.orders().size(), "a disabled rule does not fire: " + sim.orders());

        assertEquals(0, run.stop(), errText());
        final Cli status = cli("status", "--json");
        assertEquals("stopped", JSON.readTree(status.out).path("engine").path("state").asText(), status.out);
    }

    @Test
    void shouldKeepTradingThroughADatabaseOutageAndCatchTheRowsUpExactlyOnceWhenItReturns() throws Exception {
        final Cli added = cli("rule", "add", "--name", "every dip", "--symbol", "NIFTY", "--trigger", "price", "--condition", "lte",
            "--price", "18110", "--action", "place_order", "--side", "BUY", "--qty", "1", "--product", "I", "--max-fires", "unlimited", "--json");
        assertEquals(0, added.exit, added.err);
        final long ruleId = JSON.readTree(added.out).path("id").asLong();
        // a 4-row queue: the outage overflows it, so the rows must come back from the journal, not from memory
        final Running run = start(cmd -> cmd.storeQueueCapacity = 4);
        assertTrue(subscribedKeys().contains(NIFTY), "the stored rule's instrument is subscribed at start");

        int minute = 20;
        for (int i = 0; i < 2; i++) {
            tick(9, minute++, 18130.0);
            tick(9, minute++, 18100.0);
        }
        awaitTrue(() -> sim.orders().size() == 2, 10_000, "two fills before the outage");
        awaitTrue(() -> "2".equals(query("SELECT count(*) FROM orders WHERE status = 'complete'")), 10_000, "their rows");

        server.stop(); // the database goes away while the market moves
        for (int i = 0; i < 4; i++) {
            tick(9, minute++, 18130.0);
            tick(9, minute++, 18100.0);
        }
        awaitTrue(() -> sim.orders().size() == 6, 10_000, "the engine kept trading without its database: " + sim.orders());
        Thread.sleep(1_000);
        server.ensureRunning(); // back, on the same port and data

        awaitTrue(() -> "6".equals(query("SELECT count(*) FROM monitor_log WHERE rule_id = " + ruleId))
            && "6".equals(query("SELECT count(*) FROM orders WHERE status = 'complete'")), 30_000, "every row caught up: " + errText());
        Thread.sleep(1_000); // anything doubled would show now
        assertEquals("6", query("SELECT count(*) FROM monitor_log"));
        assertEquals("6", query("SELECT count(DISTINCT (journal_day, journal_seq)) FROM monitor_log"));
        assertEquals("6", query("SELECT count(*) FROM orders"));
        final Set<String> brokerTags = new HashSet<>();
        sim.orders().forEach(o -> brokerTags.add(o.path("tag").asText()));
        assertEquals(brokerTags, new HashSet<>(column("SELECT tag FROM orders")), "one row per order the broker took");
        assertEquals("6", query("SELECT fire_count FROM monitor_rule WHERE id = " + ruleId));
        assertEquals(List.of(), sim.duplicateTags());

        assertEquals(0, run.stop(), errText());
        final String summary = errText().lines().filter(l -> l.startsWith("run: store rows:")).findFirst().orElse("");
        assertTrue(summary.matches("run: store rows: \\d+ written, [1-9]\\d* dropped, [1-9]\\d* caught up from the journal, 0 refused.*"),
            "rows were dropped during the outage and re-created from the journal: " + summary);
    }

    @Test
    void shouldNotReloadOrRefireAStoreRuleAfterARestartButLoadOneAddedWhileStopped() throws Exception {
        final Running first = start(cmd -> { });
        final long stop = addRule("one-shot stop", "18110", "SELL", "1");
        awaitTrue(() -> subscribedKeys().contains(NIFTY), 5_000, "the rule reached the engine");
        tick(9, 20, 18130.0);
        tick(9, 21, 18100.0);
        awaitTrue(() -> sim.orders().size() == 1, 10_000, "the one-shot fired");
        awaitTrue(() -> "1".equals(query("SELECT fire_count FROM monitor_rule WHERE id = " + stop)), 10_000, "its fire counted in the store");
        assertEquals(0, first.stop(), errText());

        final long later = addRule("added while stopped", "18050", "SELL", "2"); // no engine is listening now
        final int before = errText().length();
        final Running second = start(cmd -> { });
        final String restart = errText().substring(before);
        assertTrue(restart.contains("store rules [" + later + "] loaded"), restart);
        assertTrue(!restart.contains("store rules [" + stop + "]"), "the journal already holds rule " + stop + ": not published again\n" + restart);
        tick(9, 30, 18130.0);
        tick(9, 31, 18100.0); // the one-shot is spent: nothing
        tick(9, 32, 18040.0); // the rule added while stopped fires
        awaitTrue(() -> sim.orders().size() == 2, 10_000, "the later rule fired");
        Thread.sleep(500);
        assertEquals(2, sim.orders().size(), "nothing fired twice: " + sim.orders());
        assertEquals(List.of(), sim.duplicateTags());
        awaitTrue(() -> "2".equals(query("SELECT count(*) FROM monitor_log")) && "2".equals(query("SELECT count(*) FROM orders")), 10_000,
            "one row per fire and order across the restart");

        // a delete reaches the engine, and the feed drops the instrument no rule reads any more
        assertEquals(0, cli("rule", "delete", Long.toString(later)).exit);
        awaitTrue(() -> errText().contains("store rule " + later + " deleted"), 5_000, "the delete reached the engine");
        assertEquals(0, second.stop(), errText());
    }

    @Test
    void shouldCatchUpTheRowsOfADayThatEndedWithTheDatabaseDownWhenTheNextDayStarts() throws Exception {
        final Cli added = cli("rule", "add", "--name", "every dip", "--symbol", "NIFTY", "--trigger", "price", "--condition", "lte",
            "--price", "18110", "--action", "place_order", "--side", "BUY", "--qty", "1", "--product", "I", "--max-fires", "unlimited", "--json");
        final long ruleId = JSON.readTree(added.out).path("id").asLong();
        final Running day1 = start(cmd -> { });
        tick(9, 20, 18130.0);
        tick(9, 21, 18100.0);
        awaitTrue(() -> "1".equals(query("SELECT count(*) FROM orders WHERE status = 'complete'")), 10_000, "the first fill's row");
        server.stop();
        tick(9, 22, 18130.0);
        tick(9, 23, 18100.0);
        awaitTrue(() -> sim.orders().size() == 2 && "complete".equals(sim.orders().get(1).path("status").asText()), 10_000, "a fill without the database");
        Thread.sleep(500); // its update journaled
        assertEquals(0, day1.stop(), errText()); // the day ends with the database still down: its last rows are only in the journal
        server.ensureRunning();
        assertEquals("1", query("SELECT count(*) FROM monitor_log"), "the second fire is not in the store yet");

        sim.close(); // the next trading day
        sim = UpstoxSimulator.start(SimulatorConfig.builder()
            .scenario(() -> BarScenario.shipped(LocalDate.ofEpochDay(DAY + 1), LocalDate.ofEpochDay(DAY + 1))).startPaused(true).build());
        final int before = errText().length();
        final Running day2 = start(cmd -> { });
        assertTrue(errText().substring(before).contains("store rows of earlier days re-created from the journal"), errText().substring(before));
        awaitTrue(() -> "2".equals(query("SELECT count(*) FROM monitor_log WHERE rule_id = " + ruleId))
            && "2".equals(query("SELECT count(*) FROM orders WHERE status = 'complete'")), 10_000, "yesterday's rows caught up");
        assertEquals("2", query("SELECT count(DISTINCT journal_seq) FROM monitor_log WHERE journal_day = DATE '2023-01-02'"));
        assertEquals(0, day2.stop(), errText());
    }

    @Test
    void shouldHaltAUserAtTheDailyLossLimitRefuseTheirNextEntryAndShowTheHaltInTheStoreAndStatus() throws Exception {
        final long entry = addRule("dip buy", "18110", "BUY", "50");
        final long later = addRule("lower dip buy", "17950", "BUY", "10");
        final Running run = start(cmd -> { }, "--home", home.toString(), "--risk-daily-loss-limit-rupees", "1000");
        assertTrue(errText().contains("daily-loss-limit=1000"), "the limit is in the run's settings line: " + errText());
        tick(9, 20, 18130.0);
        tick(9, 21, 18105.0); // bought 50
        awaitTrue(() -> sim.orders().size() == 1 && "complete".equals(sim.orders().get(0).path("status").asText()), 10_000, "the entry filled");
        final double filled = sim.orders().get(0).path("average_price").asDouble();
        tick(9, 22, 18080.0); // 50 × (18080 − fill) ≤ −1000: halted
        assertTrue(50 * (18080.0 - filled) <= -1000, "the fall reaches the limit from " + filled);
        awaitTrue(() -> "t".equals(query("SELECT halted FROM users WHERE id = 1")), 10_000, "users.halted written: " + errText());
        assertEquals("2023-01-02T09:22+05:30", istMinute(query("SELECT halted_at FROM users WHERE id = 1")), "event time, not the wall clock");
        assertTrue(query("SELECT halt_reason FROM users WHERE id = 1").startsWith("daily loss limit: day P&L -"),
            query("SELECT halt_reason FROM users WHERE id = 1"));

        tick(9, 23, 17940.0); // the later entry rule's level: refused while halted
        awaitTrue(() -> "1".equals(query("SELECT count(*) FROM monitor_log WHERE rule_id = " + later)), 10_000, "the refused fire logged");
        final JsonNode refused = JSON.readTree(query("SELECT action_result::text FROM monitor_log WHERE rule_id = " + later));
        assertEquals("REFUSED_HALTED", refused.path("result").asText(), refused.toString());
        assertEquals("f", query("SELECT action_taken FROM monitor_log WHERE rule_id = " + later));
        Thread.sleep(300);
        assertEquals(1, sim.orders().size(), "no order reached the broker while halted: " + sim.orders());
        assertEquals("1", query("SELECT fire_count FROM monitor_rule WHERE id = " + entry));

        final Cli status = cli("status", "--json");
        final JsonNode halted = JSON.readTree(status.out).path("halted_users");
        assertEquals(1, halted.size(), status.out);
        assertEquals(1, halted.get(0).path("user_id").asInt(), status.out);
        assertEquals("2023-01-02T09:22:00+05:30", halted.get(0).path("halted_at").asText(), status.out);
        final Cli plain = cli("status");
        assertTrue(plain.out.contains("halted:") && plain.out.contains("  user 1 (") && plain.out.contains("daily loss limit"), plain.out);
        assertEquals(0, run.stop(), errText());

        // the next trading day starts with every user active, in the guard and in the store
        sim.close();
        sim = UpstoxSimulator.start(SimulatorConfig.builder()
            .scenario(() -> BarScenario.shipped(LocalDate.ofEpochDay(DAY + 1), LocalDate.ofEpochDay(DAY + 1))).startPaused(true).build());
        final Running nextDay = start(cmd -> { }, "--home", home.toString(), "--risk-daily-loss-limit-rupees", "1000");
        assertEquals("f", query("SELECT halted FROM users WHERE id = 1"), "yesterday's halt lifted at the start: " + errText());
        assertEquals(0, JSON.readTree(cli("status", "--json").out).path("halted_users").size());
        assertEquals(0, nextDay.stop(), errText());
    }

    @Test
    void shouldRecreateAHaltMadeWhileTheDatabaseWasDownFromTheJournalAndKeepRefusingEntriesAfterARestart() throws Exception {
        addRule("dip buy", "18110", "BUY", "50");
        final long later = addRule("lower dip buy", "17950", "BUY", "10");
        final Running first = start(cmd -> { }, "--home", home.toString(), "--risk-daily-loss-limit-rupees", "1000");
        tick(9, 20, 18130.0);
        tick(9, 21, 18105.0);
        awaitTrue(() -> "1".equals(query("SELECT count(*) FROM orders WHERE status = 'complete'")), 10_000, "the entry's row");
        server.stop();
        tick(9, 22, 18080.0); // halted while the database is down
        Thread.sleep(500); // journaled
        assertEquals(0, first.stop(), errText()); // the halt row was only in memory, and in the journal
        server.ensureRunning();
        assertEquals("f", query("SELECT halted FROM users WHERE id = 1"), "not in the store yet");

        final Running second = start(cmd -> { }, "--home", home.toString(), "--risk-daily-loss-limit-rupees", "1000");
        awaitTrue(() -> "t".equals(query("SELECT halted FROM users WHERE id = 1")), 10_000, "the halt re-created from the journal: " + errText());
        assertEquals("2023-01-02T09:22+05:30", istMinute(query("SELECT halted_at FROM users WHERE id = 1")));
        tick(9, 23, 17940.0); // the replayed guard is halted too
        awaitTrue(() -> "1".equals(query("SELECT count(*) FROM monitor_log WHERE rule_id = " + later)), 10_000, "the refused fire logged");
        assertEquals("REFUSED_HALTED",
            JSON.readTree(query("SELECT action_result::text FROM monitor_log WHERE rule_id = " + later)).path("result").asText());
        Thread.sleep(300);
        assertEquals(1, sim.orders().size(), "no entry after the restart either: " + sim.orders());
        assertEquals(0, second.stop(), errText());
    }

    @Test
    void shouldRefuseABadRiskSettingNamingItBeforeStarting() throws Exception {
        final PrintStream oldOut = System.out;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final int before = errText().length();
        try {
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            assertEquals(KavachMain.EXIT_BAD_INPUT, KavachMain.run("run", "--home", dir.toString(), "--risk-daily-loss-limit-rupees", "-5"));
            assertEquals(KavachMain.EXIT_BAD_INPUT, KavachMain.run("run", "--home", dir.toString(), "--risk-flatten-on-halt", "maybe"));
        } finally {
            System.setOut(oldOut);
        }
        final String said = bytes.toString(StandardCharsets.UTF_8) + errText().substring(before);
        assertTrue(said.contains("risk.daily.loss.limit.rupees: -5 is negative"), said);
        assertTrue(said.contains("risk.flatten.on.halt: 'maybe' is not true or false"), said);
        assertEquals(0, sim.marketFeed().connectionCount(), "refused before connecting");
    }

    @Test
    void shouldRunAgainstADatabaseGivenByUrlWithoutStartingAnEmbeddedOne() throws Exception {
        final long rule = addRule("dip sell", "18110", "SELL", "1");
        final Path otherHome = dir.resolve("other-home");
        final Path passwordFile = home.resolve("postgres").resolve("password");
        final String password = java.nio.file.Files.readString(passwordFile).trim();
        final Running run = start(cmd -> { }, "--home", otherHome.toString(), "--db-url", server.endpoint().jdbcUrl(),
            "--db-user", EmbeddedPostgresServer.SUPERUSER, "--db-password-file", passwordFile.toString());
        assertTrue(errText().contains("run: store PostgreSQL at ") && errText().contains("store rules [" + rule + "] loaded"), errText());
        tick(9, 20, 18130.0);
        tick(9, 21, 18100.0);
        awaitTrue(() -> "1".equals(query("SELECT count(*) FROM monitor_log WHERE rule_id = " + rule)), 10_000, "the fire's row in that database");
        assertEquals(0, run.stop(), errText());
        assertTrue(!java.nio.file.Files.exists(otherHome.resolve("postgres")), "no embedded server under the engine's home");
        assertTrue(!errText().contains(password), "the password never reaches the output");
    }

    @Test
    void shouldRefuseBadStoreOptionsAndClashingRuleIdsBeforeStarting() throws Exception {
        assertEquals(KavachMain.EXIT_BAD_INPUT, KavachMain.run("run", "--home", dir.toString(), "--no-store"), "no rules at all");
        assertEquals(KavachMain.EXIT_BAD_INPUT, KavachMain.run("run", "--home", dir.toString(), "--db-url", "mysql://db/kavach"));
        assertEquals(KavachMain.EXIT_BAD_INPUT, KavachMain.run("run", "--home", dir.toString(), "--db-user", "kavach"));

        final long stored = addRule("stored", "18000", "SELL", "1");
        final Path rules = java.nio.file.Files.writeString(dir.resolve("rules.json"), """
            [{"id": %d, "user_id": 1, "name": "file rule", "instrument_token": "NSE_INDEX|Nifty 50", "trigger_type": "price",
              "trigger_config": {"condition": "lte", "price": 18000.0, "reference": "ltp"}, "action_type": "place_order",
              "action_config": {"transaction_type": "SELL", "quantity": 1, "order_type": "MARKET", "product": "I"}}]
            """.formatted(stored));
        final RunCommand cmd = new RunCommand();
        cmd.clockMs = sim::marketTimeMs;
        cmd.environment = Map.of("KAVACH_API_BASE_URL", sim.apiBaseUrl(), "KAVACH_TOKEN_FILE", tokenFile.toString());
        new CommandLine(cmd).parseArgs("--home", home.toString(), "--journal", dir.resolve("journal").toString(), "--rules", rules.toString());
        final BadInputException clash = org.junit.jupiter.api.Assertions.assertThrows(BadInputException.class, cmd::call);
        assertTrue(clash.getMessage().contains("rule ids [" + stored + "] are also ids of rules in the store"), clash.getMessage());
        assertEquals(0, sim.marketFeed().connectionCount(), "refused before connecting");
    }

    private static long addRule(final String name, final String price, final String side, final String qty) throws Exception {
        final Cli added = cli("rule", "add", "--name", name, "--symbol", "NIFTY", "--trigger", "price", "--condition", "lte",
            "--price", price, "--action", "place_order", "--side", side, "--qty", qty, "--product", "I", "--json");
        assertEquals(0, added.exit, added.out);
        return JSON.readTree(added.out).path("id").asLong();
    }

    // ---- helpers -------------------------------------------------------------------------------

    private interface Tuning {
        void apply(RunCommand cmd);
    }

    /** Starts {@code kavach run} (rules from the store) on its own thread and waits until it is live. */
    private Running start(final Tuning tuning) throws Exception {
        return start(tuning, "--home", home.toString());
    }

    private Running start(final Tuning tuning, final String... storeArgs) throws Exception {
        final RunCommand cmd = new RunCommand();
        cmd.clockMs = sim::marketTimeMs; // the simulator's market time is 2023, as in the demo
        cmd.marketHoursCheck = false;
        cmd.heartbeatIntervalMs = 300;
        cmd.environment = Map.of("KAVACH_API_BASE_URL", sim.apiBaseUrl(), "KAVACH_ORDER_BASE_URL", sim.orderBaseUrl(),
            "KAVACH_TOKEN_FILE", tokenFile.toString());
        tuning.apply(cmd);
        final List<String> argList = new ArrayList<>(List.of(storeArgs));
        argList.addAll(List.of("--journal", dir.resolve("journal").toString(), "--mode", "live"));
        final String[] args = argList.toArray(String[]::new);
        final CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> new CommandLine(cmd).execute(args));
        awaitTrue(() -> exit.isDone() || (cmd.engine() != null && sim.portfolioFeed().connectionCount() >= 1
            && sim.marketFeed().connectionCount() >= 1), 60_000, "the engine live"); // the embedded PostgreSQL starts first: slow on a busy machine
        assertTrue(!exit.isDone(), "run ended early with " + (exit.isDone() ? exit.join() : null) + ": " + errText());
        return new Running(cmd, exit);
    }

    private record Running(RunCommand cmd, CompletableFuture<Integer> exit) {
        int stop() throws Exception {
            cmd.stop();
            return exit.get(30, TimeUnit.SECONDS);
        }
    }

    private List<String> subscribedKeys() {
        final List<String> keys = new ArrayList<>();
        sim.marketFeed().subscriptions().forEach(m -> keys.addAll(m.keySet()));
        return keys;
    }

    private void tick(final int hour, final int minute, final double price) {
        sim.tickAt(MarketClock.istMidnightEpochMs(DAY) + (hour * 60L + minute) * 60_000L, NIFTY, price, 1);
    }

    /** A TIMESTAMPTZ as text, to the minute, in IST. */
    private static String istMinute(final String timestamptz) {
        return java.time.OffsetDateTime.parse(timestamptz.replace(' ', 'T') + (timestamptz.matches(".*[+-]\\d\\d$") ? ":00" : ""))
            .atZoneSameInstant(java.time.ZoneId.of("Asia/Kolkata")).toOffsetDateTime().truncatedTo(java.time.temporal.ChronoUnit.MINUTES).toString();
    }

    private record Cli(int exit, String out, String err) {
    }

    /** {@code kavach ARGS --home <the class's home>} in this JVM, as a second process would attach. */
    private static Cli cli(final String... args) {
        final List<String> all = new ArrayList<>(List.of(args));
        all.add("--home");
        all.add(home.toString());
        final PrintStream oldOut = System.out;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            // stdout only: the engine running beside it keeps writing to stderr, which the test reads
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            final int exit = KavachMain.run(all.toArray(String[]::new));
            return new Cli(exit, out.toString(StandardCharsets.UTF_8), "(on stderr)");
        } finally {
            System.setOut(oldOut);
        }
    }

    private static void exec(final String sql) throws Exception {
        try (Connection c = server.endpoint().connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** The first column of the first row, or null (also when the database is down). */
    private static String query(final String sql) {
        try (Connection c = server.endpoint().connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (final Exception e) {
            return null;
        }
    }

    private static List<String> column(final String sql) throws Exception {
        final List<String> out = new ArrayList<>();
        try (Connection c = server.endpoint().connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private String errText() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    private interface Check {
        boolean getAsBoolean() throws Exception;
    }

    private static void awaitTrue(final Check condition, final long timeoutMs, final String what) throws Exception {
        final long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + timeoutMs + " ms");
            }
            Thread.sleep(20);
        }
    }
}
