package io.kavach.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.kavach.config.time.MarketClock;
import io.kavach.sim.SimulatorConfig;
import io.kavach.sim.UpstoxSimulator;
import io.kavach.sim.scenario.BarScenario;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.kavach.engine.cli.CliTestSupport.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A restart re-learns what happened at the broker while the engine was down: {@code kavach run} in live
 * mode against the in-process simulator over loopback sockets; the entry is acknowledged, the engine
 * stops, the entry fills at the broker, the engine restarts and must learn that fill as its own order's
 * (order-status rules of the rule that placed it fire) and size its stop-loss exit on it, before the first live tick.
 */
class RunRestartFillsTest {
    private static final String NIFTY = BarScenario.NIFTY_50_KEY;
    private static final long DAY = LocalDate.of(2023, 1, 2).toEpochDay();
    /**
     * 301 bids 50 at 18,100 (it rests open); 302 arms the stop-loss 303 when 301's order is complete; 303
     * is reduce-only for up to 100, so it sells exactly what is held.
     */
    private static final String RULES = """
        [
          {"id": 301, "user_id": 1, "name": "Bid for NIFTY at 18,100", "enabled": true, "instrument_token": "NSE_INDEX|Nifty 50",
           "trigger_type": "price", "trigger_config": {"condition": "lte", "price": 18110.0, "reference": "ltp"},
           "action_type": "place_order",
           "action_config": {"transaction_type": "BUY", "quantity": 50, "order_type": "LIMIT", "price": 18100.0, "product": "I"},
           "max_fires": 1},
          {"id": 302, "user_id": 1, "name": "Arm the stop-loss once the bid is filled", "enabled": true,
           "trigger_type": "order_status", "trigger_config": {"rule_id": 301, "status": "complete"},
           "action_type": "enable_rule", "action_config": {"rule_id": 303},
           "max_fires": 1},
          {"id": 303, "user_id": 1, "name": "Stop-loss: sell what is held below 18,050", "enabled": false, "instrument_token": "NSE_INDEX|Nifty 50",
           "trigger_type": "price", "trigger_config": {"condition": "lte", "price": 18050.0, "reference": "ltp"},
           "action_type": "place_order",
           "action_config": {"transaction_type": "SELL", "quantity": 100, "order_type": "MARKET", "product": "I", "reduce_only": true},
           "max_fires": 1}
        ]
        """;

    @TempDir
    Path dir;
    private UpstoxSimulator sim;
    private Path rules;
    private Path tokenFile;
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private PrintStream oldErr;

    @BeforeEach
    void startSimulator() throws Exception {
        sim = UpstoxSimulator.start(SimulatorConfig.builder()
            .scenario(() -> BarScenario.shipped(LocalDate.ofEpochDay(DAY), LocalDate.ofEpochDay(DAY))).startPaused(true).build());
        rules = Files.writeString(dir.resolve("rules.json"), RULES);
        tokenFile = Files.writeString(dir.resolve("token"), SimulatorConfig.DEFAULT_TOKEN + "\n");
        oldErr = System.err;
        System.setErr(new PrintStream(new CliTestSupport.TeeStream(errBytes, oldErr), true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stopSimulator() {
        System.setErr(oldErr);
        sim.close();
    }

    @Test
    void shouldFoldAFillThatHappenedWhileStoppedBeforeGoingLiveAndSizeTheStopLossOnIt() throws Exception {
        final Running first = start();
        tick(9, 20, 18130.0);
        tick(9, 21, 18105.0); // 301 fires: a bid at 18,100 that rests open; the stop-loss is not armed yet
        awaitTrue(() -> sim.orders().size() == 1 && "open".equals(sim.orders().get(0).path("status").asText()), 10_000, "the bid open at the broker");
        Thread.sleep(1_000); // its acknowledgement reaches the journal
        assertEquals(0, first.stop(), errText());

        tick(9, 25, 18095.0); // the engine is down: the bid fills at the broker
        awaitTrue(() -> "complete".equals(sim.orders().get(0).path("status").asText()), 10_000, "the bid filled while the engine was down");

        final Running second = start();
        assertTrue(errText().contains("1 open orders re-read at the broker, 0 not adoptable by this router, 0 unanswered"), errText());
        // the first live tick: the fill made while down is known (302 armed the stop-loss on it) and sized the exit
        tick(9, 40, 18045.0);
        awaitTrue(() -> sim.orders().size() == 2, 10_000, "the stop-loss at the broker after the restart");
        Thread.sleep(500);
        assertEquals(0, second.stop(), errText());

        final List<JsonNode> orders = sim.orders();
        assertEquals(List.of("BUY", "SELL"), orders.stream().map(o -> o.path("transaction_type").asText()).toList(), orders.toString());
        assertEquals(50, orders.get(1).path("quantity").asLong(), "the exit sells the 50 bought while down: " + orders);
        assertEquals(List.of(), sim.duplicateTags(), orders.toString());
    }

    private void tick(final int hour, final int minute, final double price) {
        sim.tickAt(MarketClock.istMidnightEpochMs(DAY) + (hour * 60L + minute) * 60_000L, NIFTY, price, 1);
    }

    /** Starts {@code kavach run} on its own thread and waits until it is live and subscribed. */
    private Running start() throws Exception {
        final RunCommand cmd = new RunCommand();
        cmd.clockMs = sim::marketTimeMs; // the simulator's market time is 2023, as in the demo
        cmd.marketHoursCheck = false;
        cmd.environment = Map.of("KAVACH_API_BASE_URL", sim.apiBaseUrl(), "KAVACH_ORDER_BASE_URL", sim.orderBaseUrl(),
            "KAVACH_TOKEN_FILE", tokenFile.toString());
        final List<String> args = List.of("--home", dir.toString(), "--rules", rules.toString(), "--mode", "live");
        final CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> new CommandLine(cmd).execute(args.toArray(String[]::new)));
        awaitTrue(() -> exit.isDone() || (cmd.engine() != null && sim.portfolioFeed().connectionCount() >= 1
            && sim.marketFeed().subscriptions().stream().anyMatch(m -> m.containsKey(NIFTY))), 60_000, "the engine live and subscribed"); // the embedded PostgreSQL starts first: slow on a busy machine
        assertTrue(!exit.isDone(), "run ended early with " + (exit.isDone() ? exit.join() : null) + ": " + errText());
        return new Running(cmd, exit, sim);
    }

    private record Running(RunCommand cmd, CompletableFuture<Integer> exit, UpstoxSimulator sim) {
        /** Stops the engine as SIGTERM does and waits until the simulator saw its feeds go. */
        int stop() throws Exception {
            cmd.stop();
            final int code = exit.get(20, TimeUnit.SECONDS);
            awaitTrue(() -> sim.marketFeed().connectionCount() == 0 && sim.portfolioFeed().connectionCount() == 0, 10_000, "feeds closed");
            return code;
        }
    }

    private String errText() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }
}
