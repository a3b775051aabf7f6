package io.kavach.engine.cli;

import io.kavach.engine.live.LiveEngine;
import io.kavach.order.OrderRouter;
import io.kavach.order.dryrun.DryRunOrderRouter;
import io.kavach.order.live.LiveOrderRouter;
import io.kavach.order.paper.PaperOrderRouter;
import io.kavach.sim.UpstoxSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;

import static io.kavach.engine.cli.CliTestSupport.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code kavach run --mode paper} and {@code --mode dry-run} against the simulator over loopback: paper
 * orders fill in-process against the ticks the engine sees, and in neither mode does the live order
 * client exist or any request reach an order endpoint (the simulator counts them).
 */
class RunCommandPaperModeTest {
    /** 301 rests a stop at 18,000; 302 moves only its trigger (a modify_order with every other field left as it is). */
    private static final String MOVE_STOP_RULES = """
        [
          {"id": 301, "user_id": 1, "name": "Sell stop at 18,000", "enabled": true, "instrument_token": "NSE_INDEX|Nifty 50",
           "trigger_type": "price", "trigger_config": {"condition": "lte", "price": 18110.0, "reference": "ltp"},
           "action_type": "place_order",
           "action_config": {"transaction_type": "SELL", "quantity": 50, "order_type": "SL-M", "trigger_price": 18000.0, "product": "I"},
           "max_fires": 1},
          {"id": 302, "user_id": 1, "name": "Raise the stop to 18,100", "enabled": true, "instrument_token": "NSE_INDEX|Nifty 50",
           "trigger_type": "price", "trigger_config": {"condition": "gte", "price": 18150.0, "reference": "ltp"},
           "action_type": "modify_order", "action_config": {"order_id": "PAPER-1", "trigger_price": 18100.0},
           "max_fires": 1}
        ]
        """;

    @TempDir
    Path dir;
    private SimulatedRun simulated;
    private UpstoxSimulator sim;

    @BeforeEach
    void startSimulator() throws Exception {
        simulated = SimulatedRun.open(dir, SimulatedRun.ENTRY_AND_STOP_LOSS);
        sim = simulated.sim();
    }

    @AfterEach
    void stopSimulator() {
        simulated.close();
    }

    @Test
    void shouldFillPaperOrdersAgainstTheEnginesTicksAndSendNothingToTheBroker() throws Exception {
        final RunCommand cmd = start("paper");
        final LiveEngine engine = cmd.engine();
        assertInstanceOf(PaperOrderRouter.class, routerOf(engine));
        tick(9, 20, 18130.0);
        tick(9, 21, 18105.0);
        awaitTrue(() -> paper(engine, PaperOrderRouter::placed) == 1, 15_000, "the entry at the paper broker");
        tick(9, 22, 18100.0); // the resting market buy fills at this tick's price
        awaitTrue(() -> paper(engine, PaperOrderRouter::fills) == 1, 15_000, "the entry filled");
        tick(9, 23, 18045.0);
        awaitTrue(() -> paper(engine, PaperOrderRouter::placed) == 2, 15_000, "the stop-loss at the paper broker");
        tick(9, 24, 18040.0);
        awaitTrue(() -> paper(engine, PaperOrderRouter::fills) == 2, 15_000, "the stop-loss filled");
        Thread.sleep(200);
        assertEquals(0, stop(cmd));

        final List<String> fills = fireLines().stream().filter(l -> l.contains("\"type\":\"fill\"")).toList();
        assertEquals(2, fills.size(), fills.toString());
        assertTrue(fills.get(0).contains("\"order_id\":\"PAPER-1\"") && fills.get(0).contains("\"side\":\"BUY\"")
            && fills.get(0).contains("18100"), fills.get(0));
        assertTrue(fills.get(1).contains("\"order_id\":\"PAPER-2\"") && fills.get(1).contains("\"side\":\"SELL\"")
            && fills.get(1).contains("18040"), fills.get(1));
        sim.requests().assertNoOrderEndpointRequests();
        assertEquals(List.of(), sim.orders(), "nothing placed at the simulator");
    }

    @Test
    void shouldNumberPaperOrdersPastTheOnesJournaledBeforeARestart() throws Exception {
        final RunCommand first = start("paper");
        tick(9, 20, 18130.0);
        tick(9, 21, 18105.0);
        awaitTrue(() -> paper(first.engine(), PaperOrderRouter::placed) == 1, 15_000, "the entry at the paper broker");
        tick(9, 22, 18100.0);
        awaitTrue(() -> paper(first.engine(), PaperOrderRouter::fills) == 1, 15_000, "the entry filled");
        assertEquals(0, stop(first));

        final RunCommand second = start("paper"); // same home and journal: the day is recovered
        tick(9, 23, 18045.0);
        awaitTrue(() -> paper(second.engine(), PaperOrderRouter::placed) == 1, 15_000, "the stop-loss at the new paper broker");
        tick(9, 24, 18040.0);
        awaitTrue(() -> paper(second.engine(), PaperOrderRouter::fills) == 1, 15_000, "the stop-loss filled");
        assertEquals(0, stop(second));

        final List<String> fills = fireLines().stream().filter(l -> l.contains("\"type\":\"fill\"")).distinct().toList();
        final List<String> ids = fills.stream().map(l -> l.replaceAll(".*\"order_id\":\"([^\"]+)\".*", "$1")).distinct().toList();
        assertEquals(2, ids.size(), "two paper orders, two ids: " + fills);
        assertEquals("PAPER-1", ids.get(0), fills.toString());
        sim.requests().assertNoOrderEndpointRequests();
    }

    @Test
    void shouldMoveOnlyTheTriggerOfAPaperStopWhenAModifyOrderRuleGivesNothingElse() throws Exception {
        simulated.writeRules(MOVE_STOP_RULES);
        final RunCommand cmd = start("paper");
        final LiveEngine engine = cmd.engine();
        tick(9, 20, 18105.0);
        awaitTrue(() -> paper(engine, PaperOrderRouter::placed) == 1, 15_000, "the stop resting at the paper broker");
        tick(9, 21, 18160.0);
        awaitTrue(() -> paper(engine, PaperOrderRouter::modified) == 1, 15_000, "the stop's trigger moved");
        tick(9, 22, 18095.0); // at or below the moved trigger (the old one, 18,000, would not have fired)
        awaitTrue(() -> paper(engine, PaperOrderRouter::fills) == 1, 15_000, "the moved stop filled");
        assertEquals(0, stop(cmd));

        final List<String> fills = fireLines().stream().filter(l -> l.contains("\"type\":\"fill\"")).toList();
        assertEquals(1, fills.size(), fills.toString());
        assertTrue(fills.get(0).contains("\"order_id\":\"PAPER-1\"") && fills.get(0).contains("18095")
            && fills.get(0).contains("\"quantity\":50"), fills.get(0));
        sim.requests().assertNoOrderEndpointRequests();
    }

    @Test
    void shouldOnlyLogIntentsInDryRunAndSendNothingToTheBroker() throws Exception {
        final RunCommand cmd = start("dry-run");
        final LiveEngine engine = cmd.engine();
        assertInstanceOf(DryRunOrderRouter.class, routerOf(engine));
        tick(9, 20, 18130.0);
        tick(9, 21, 18105.0);
        awaitTrue(() -> onLoop(engine, e -> ((DryRunOrderRouter) e.router()).intentsLogged()) == 1, 15_000, "the entry logged");
        tick(9, 22, 18100.0);
        tick(9, 23, 18045.0);
        Thread.sleep(300);
        assertEquals(0, stop(cmd));

        assertTrue(fireLines().stream().noneMatch(l -> l.contains("\"type\":\"fill\"")), "dry-run fills nothing: " + fireLines());
        sim.requests().assertNoOrderEndpointRequests();
        assertEquals(List.of(), sim.orders());
    }

    private static OrderRouter routerOf(final LiveEngine engine) {
        final OrderRouter router = engine.router();
        assertFalse(router instanceof LiveOrderRouter, "the live order client must not exist in this mode");
        return router;
    }

    private static long paper(final LiveEngine engine, final ToLongFunction<PaperOrderRouter> read) {
        return onLoop(engine, e -> read.applyAsLong((PaperOrderRouter) e.router()));
    }

    private static long onLoop(final LiveEngine engine, final ToLongFunction<LiveEngine> read) {
        final AtomicReference<Long> value = new AtomicReference<>();
        engine.runOnWriterLoop(() -> value.set(read.applyAsLong(engine)));
        return value.get();
    }

    private List<String> fireLines() throws Exception {
        final List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir.resolve("run"))) {
            for (Path p : files.filter(f -> f.getFileName().toString().startsWith("fires-")).sorted().toList()) {
                lines.addAll(Files.readAllLines(p, StandardCharsets.UTF_8));
            }
        }
        return lines;
    }

    private void tick(final int hour, final int minute, final double price) {
        simulated.tick(hour, minute, price);
    }

    private SimulatedRun.Running running;

    /** Starts {@code kavach run --mode MODE}: outside live mode there is no portfolio feed. */
    private RunCommand start(final String mode) throws Exception {
        running = simulated.start("--mode", mode);
        assertEquals(0, sim.portfolioFeed().connectionCount(), "no portfolio feed outside live mode");
        return running.cmd();
    }

    private int stop(final RunCommand cmd) throws Exception {
        assertEquals(cmd, running.cmd());
        return running.stop();
    }
}
