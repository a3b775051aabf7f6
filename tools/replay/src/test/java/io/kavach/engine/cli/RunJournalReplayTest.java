package io.kavach.engine.cli;

import io.kavach.replay.ReplayMain;
import io.kavach.sim.UpstoxSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.kavach.engine.cli.CliTestSupport.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code kavach replay} of a journal written by {@code kavach run} (live mode, the in-process simulator
 * over loopback as the broker, stopped and restarted mid-day, with a daily loss limit that halts the
 * user): the replay writes exactly the fire and fill lines of the run's fires file. In the engine's package because the run's market clock is the
 * simulator's (package-private hooks, as in the engine's own run tests).
 */
class RunJournalReplayTest {
    /**
     * 201 buys the dip and arms 202, a (reduce-only) stop-loss below it; 203, naming its instrument by
     * symbol as a run resolves it, cancels 204; 205 buys again after the stop-loss's loss halted the user.
     */
    private static final String RULES = "[" + SimulatedRun.ENTRY_201 + "," + SimulatedRun.STOP_LOSS_202.formatted(SimulatedRun.REDUCE_ONLY) + """
        ,
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

    /** Live, the rules file alone, and a daily loss limit the stop-loss's loss goes over. */
    private static final String[] RUN_ARGS = {"--mode", "live", "--no-store", "--risk-daily-loss-limit-rupees", "1000"};

    @TempDir
    Path dir;

    @Test
    void shouldReplayARunJournalAcrossARestartAndAHaltToTheFiresAndFillsTheRunWrote() throws Exception {
        final Path fires;
        try (SimulatedRun simulated = SimulatedRun.open(dir, RULES)) {
            final UpstoxSimulator sim = simulated.sim();
            final SimulatedRun.Running first = simulated.start(RUN_ARGS);
            simulated.tick(9, 20, 18130.0);
            simulated.tick(9, 21, 18105.0);
            awaitTrue(() -> sim.orders().size() == 1 && "complete".equals(sim.orders().get(0).path("status").asText()), 15_000, "the entry filled");
            Thread.sleep(1_000); // the fill's portfolio update reaches the journal before the stop
            assertEquals(0, first.stop(), simulated.errText());

            final SimulatedRun.Running second = simulated.start(RUN_ARGS);
            simulated.tick(9, 30, 18210.0);
            simulated.tick(9, 31, 18045.0);
            awaitTrue(() -> sim.orders().size() == 2 && "complete".equals(sim.orders().get(1).path("status").asText()), 15_000, "the stop-loss filled");
            Thread.sleep(1_000); // the stop-loss's loss of about 3,000 has halted the user (limit 1,000)
            simulated.tick(9, 32, 17990.0); // 205 fires and is refused
            Thread.sleep(500);
            assertEquals(0, second.stop(), simulated.errText());
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
}
