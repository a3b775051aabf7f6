package io.kavach.engine.cli;

import io.kavach.config.time.MarketClock;
import io.kavach.replay.ReplayMain;
import io.kavach.sim.SimulatorConfig;
import io.kavach.sim.UpstoxSimulator;
import io.kavach.sim.scenario.BarScenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code kavach replay} of a journal written by {@code kavach run} (live mode, the in-process simulator
 * over loopback as the broker, stopped and restarted mid-day, with a daily loss limit that halts the
 * user): the replay writes exactly the fire and fill lines of the run's fires file. In the engine's package because the run's market clock is the
 * simulator's (package-private hooks, as in the engine's own run tests).
 */
class RunJournalReplayTest {
    private static final String NIFTY = BarScenario.NIFTY_50_KEY;
    private static final long DAY = LocalDate.of(2023, 1, 2).toEpochDay();
    /**
     * 201 buys the dip and arms 202, a (reduce-only) stop-loss below it; 203, naming its instrument by
     * symbol as a run resolves it, cancels 204; 205 buys again after the stop-loss's loss halted the user.
     */
    private static final String RULES = """
        [
          {"id": 201, "user_id": 1, "name": "Buy NIFTY at or below 18,110", "enabled": true, "instrument_token": "NSE_INDEX|Nifty 50",
           "trigger_type": "price", "trigger_config": {"condition": "lte", "price": 18110.0, "reference": "ltp"},
           "action_type": "place_order",
           "action_config": {"transaction_type": "BUY", "quantity": 50, "order_type": "MARKET", "product": "I", "also_enable_rules": [202]},
           "max_fires": 1},
          {"id": 202, "user_id": 1, "name": "Stop-loss: NIFTY at or below 18,050", "enabled": false, "instrument_token": "NSE_INDEX|Nifty 50",
           "trigger_type": "price", "trigger_config": {"condition": "lte", "price": 18050.0, "reference": "ltp"},
           "action_type": "place_order",
           "action_config": {"transaction_type": "SELL", "quantity": 50, "order_type": "MARKET", "product": "I", "reduce_only": true},
           "max_fires": 1},
          {"id": 203, "user_id": 1, "name": "NIFTY at or above 18,200 cancels 204", "enabled": true, "symbol": "NIFTY",
           "trigger_type": "price", "trigger_config": {"condition": "gte", "price": 18200.0, "reference": "ltp"},
           "action_type": "cancel_rule", "action_config": {"rule_id": 204}, "max_fires": 1},
          {"id": 204, "user_id": 1, "name": "Buy NIFTY at or above 19,000", "enabled": true, "instrument_token": "NSE_INDEX|Nifty 50",
           "trigger_type": "price", "trigger_config": {"condition": "gte", "price": 19000.0, "reference": "ltp"},
           "action_type": "place_order",
           "action_config": {"transaction_type": "BUY", "quantity": 50, "order_type": "MARKET", "product": "I"}, "max_fires": 1},
          {"id": 205, "user_id": 1, "name": "Buy NIFTY again at or below 18,000", "enabled": true, "instrument_token": "NSE_INDEX|Nifty 50",
           "trigger_type": "price", "trigger_config": {"condition": "lte", "price": 18000.0, "reference": "ltp"},
           "action_type": "place_order",
           "action_config": {"transaction_type": "BUY", "quantity": 50, "order_type": "MARKET", "product": "I"}, "max_fires": 1}
        ]
        """;

    @TempDir
    Path dir;

    @Test
    void shouldReplayARunJournalAcrossARestartAndAHaltToTheFiresAndFillsTheRunWrote() throws Exception {
        final Path fires;
        try (UpstoxSimulator sim = UpstoxSimulator.start(SimulatorConfig.builder()
            .scenario(() -> BarScenario.shipped(LocalDate.ofEpochDay(DAY), LocalDate.ofEpochDay(DAY))).startPaused(true).build())) {
            final Path rules = Files.writeString(dir.resolve("rules.json"), RULES);
            final Path token = Files.writeString(dir.resolve("token"), SimulatorConfig.DEFAULT_TOKEN + "\n");

            final Running first = Running.start(sim, dir, rules, token);
            tick(sim, 20, 18130.0);
            tick(sim, 21, 18105.0);
            awaitTrue(() -> sim.orders().size() == 1 && "complete".equals(sim.orders().get(0).path("status").asText()), "the entry filled");
            Thread.sleep(1_000); // the fill's portfolio update reaches the journal before the stop
            first.stop();

            final Running second = Running.start(sim, dir, rules, token);
            tick(sim, 30, 18210.0);
            tick(sim, 31, 18045.0);
            awaitTrue(() -> sim.orders().size() == 2 && "complete".equals(sim.orders().get(1).path("status").asText()), "the stop-loss filled");
            Thread.sleep(1_000); // the stop-loss's loss of about 3,000 has halted the user (limit 1,000)
            tick(sim, 32, 17990.0); // 205 fires and is refused
            Thread.sleep(500);
            second.stop();
            assertEquals(List.of(), sim.duplicateTags());
            try (var files = Files.list(dir.resolve("run").resolve("2023-01-02"))) {
                fires = files.filter(p -> p.getFileName().toString().startsWith("fires-")).sorted().reduce((a, b) -> b).orElseThrow();
            }
        }
        final List<String> live = Files.readAllLines(fires);
        assertEquals(7, live.size(), "fire and fill of 201, 203 cancelling 204, fire and fill of 202, 205 refused: " + live);
        assertTrue(live.get(6).contains("\"rule_id\":205") && live.get(6).contains("HALTED"), live.get(6));

        final Path out = dir.resolve("replay.jsonl");
        assertEquals(0, ReplayMain.run("--journal", dir.resolve("journal").toString(), "--out", out.toString()));
        assertEquals(live, Files.readAllLines(out), "the replay of the run's journal writes the run's fires file");
        assertTrue(live.get(0).contains("\"rule_id\":201") && live.get(4).contains("\"rule_id\":202"), live.toString());
    }

    private static void tick(final UpstoxSimulator sim, final int minuteAfterNine, final double price) {
        sim.tickAt(MarketClock.istMidnightEpochMs(DAY) + (9 * 60L + minuteAfterNine) * 60_000L, NIFTY, price, 1);
    }

    private static void awaitTrue(final BooleanSupplier condition, final String what) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    private record Running(RunCommand cmd, CompletableFuture<Integer> exit, UpstoxSimulator sim) {
        static Running start(final UpstoxSimulator sim, final Path home, final Path rules, final Path token) throws InterruptedException {
            final RunCommand cmd = new RunCommand();
            cmd.clockMs = sim::marketTimeMs; // the simulator's market time is 2023
            cmd.marketHoursCheck = false;
            cmd.environment = Map.of("KAVACH_API_BASE_URL", sim.apiBaseUrl(), "KAVACH_ORDER_BASE_URL", sim.orderBaseUrl(),
                "KAVACH_TOKEN_FILE", token.toString());
            final CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> new CommandLine(cmd).execute(
                "--home", home.toString(), "--rules", rules.toString(), "--mode", "live", "--no-store", "--risk-daily-loss-limit-rupees", "1000"));
            awaitTrue(() -> exit.isDone() || (cmd.engine() != null && sim.portfolioFeed().connectionCount() >= 1
                && sim.marketFeed().subscriptions().stream().anyMatch(m -> m.containsKey(NIFTY))), "the engine live and subscribed");
            assertTrue(!exit.isDone(), "run ended early with " + (exit.isDone() ? exit.join() : null));
            return new Running(cmd, exit, sim);
        }

        void stop() throws Exception {
            cmd.stop();
            assertEquals(0, exit.get(20, TimeUnit.SECONDS));
            awaitTrue(() -> sim.marketFeed().connectionCount() == 0 && sim.portfolioFeed().connectionCount() == 0, "feeds closed");
        }
    }
}
