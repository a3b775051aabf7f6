package io.kavach.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.kavach.sim.SimulatorConfig;
import io.kavach.sim.UpstoxSimulator;
import io.kavach.sim.auth.FeedKind;
import io.kavach.sim.http.Endpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.kavach.engine.cli.CliTestSupport.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code kavach run} against the in-process simulator over real loopback sockets, live mode, the
 * simulator as broker; ticks are injected one by one so every fire is pinned to a tick.
 */
class RunCommandTest {
    /** 201 and 202, 202 reduce-only (an exit goes out while halted); 203 a second entry. */
    private static final String HALT_RULES = "[" + SimulatedRun.ENTRY_201 + "," + SimulatedRun.STOP_LOSS_202.formatted(SimulatedRun.REDUCE_ONLY) + """
        ,
          {"id": 203, "user_id": 1, "name": "Buy NIFTY again at or below 18,000", "enabled": true, "instrument_token": "NSE_INDEX|Nifty 50",
           "trigger_type": "price", "trigger_config": {"condition": "lte", "price": 18000.0, "reference": "ltp"},
           "action_type": "place_order",
           "action_config": {"transaction_type": "BUY", "quantity": 50, "order_type": "MARKET", "product": "I"},
           "max_fires": 1}
        ]""";

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
    void shouldPlaceTheEntryAndTheStopLossOnceEachWhenPricesCrossThem() throws Exception {
        final SimulatedRun.Running run = start();
        tick(9, 20, 18130.0);
        tick(9, 21, 18105.0);
        awaitTrue(() -> sim.orders().size() == 1, 10_000, "the entry at the broker");
        tick(9, 22, 18100.0); // still below: 201 fired its one time
        tick(9, 23, 18045.0);
        awaitTrue(() -> sim.orders().size() == 2, 10_000, "the stop-loss at the broker");
        tick(9, 24, 18040.0);
        Thread.sleep(300);
        assertEquals(0, run.stop(), errText());

        assertOrders(List.of("BUY", "SELL"));
        assertTrue(Files.isDirectory(dir.resolve("journal").resolve("2023-01-02")), "the day's journal: " + errText());
        assertTrue(errText().contains("run: journal file prepared to " + SimulatedRun.PREPARE_MB + " MiB"), errText());
        try (var files = Files.list(dir.resolve("journal").resolve("2023-01-02"))) {
            final Path cycle = files.filter(f -> f.toString().endsWith(".cq4")).findFirst().orElseThrow();
            assertTrue(Files.size(cycle) >= SimulatedRun.PREPARE_MB << 20, "the day's file prepared before going live: " + Files.size(cycle));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"inline", "parallel"})
    void shouldRecoverTheDayOnRestartWithoutPlacingAnyOrderTwiceAndKeepTheArmedStopLoss(final String journalPlacement) throws Exception {
        final SimulatedRun.Running first = start("--journal-placement", journalPlacement);
        tick(9, 20, 18130.0);
        tick(9, 21, 18105.0);
        awaitTrue(() -> sim.orders().size() == 1 && "complete".equals(sim.orders().get(0).path("status").asText()), 10_000, "the entry filled");
        // let the fill's portfolio-feed update reach the engine and its journal before the stop: a restart
        // re-learns unanswered placements by tag, but not yet the fills of acknowledged orders (engine README)
        Thread.sleep(2_000);
        assertEquals(0, first.stop(), errText());

        final SimulatedRun.Running second = start("--journal-placement", journalPlacement);
        assertTrue(errText().contains("journal-placement=" + journalPlacement), errText());
        assertTrue(errText().contains("run: recovered "), errText());
        assertTrue(errText().contains("today's journal already holds the rules"), errText());
        tick(9, 40, 18100.0); // 201 fired before the restart: it must not fire again
        Thread.sleep(500);
        assertEquals(1, sim.orders().size(), "no order placed twice after the restart: " + sim.orders());
        tick(9, 41, 18045.0); // 202 was armed by 201's fire before the restart: the stop-loss fires now
        awaitTrue(() -> sim.orders().size() == 2, 10_000, "the stop-loss at the broker after the restart");
        Thread.sleep(300);
        assertEquals(0, second.stop(), errText());

        assertOrders(List.of("BUY", "SELL"));
    }

    @Test
    void shouldAdoptAfterARestartTheOrderWhoseAnswerWasLostInsteadOfPlacingItAgain() throws Exception {
        final SimulatedRun.Running first = start();
        tick(9, 20, 18130.0);
        // the crash window: the broker takes the order but its answer never comes, and no portfolio update tells of it
        sim.faults().halfOpen(FeedKind.PORTFOLIO).noAnswer(Endpoint.PLACE_ORDER, 1, true);
        tick(9, 21, 18105.0);
        awaitTrue(() -> sim.orders().size() == 1, 10_000, "the entry at the broker");
        Thread.sleep(200);
        assertEquals(0, first.stop(), errText());
        sim.faults().clear();

        final SimulatedRun.Running second = start();
        assertTrue(errText().contains("1 re-emitted ones dropped") && errText().contains("1 unanswered re-submitted with a lookup first"), errText());
        tick(9, 40, 18100.0);
        Thread.sleep(2_500); // the lookup by tag settles (LOOKUP_SETTLE_MS_DEFAULT) and adopts the broker's order
        assertEquals(1, sim.orders().size(), "the lost answer must not make a second order: " + sim.orders());
        tick(9, 41, 18045.0);
        awaitTrue(() -> sim.orders().size() == 2, 10_000, "the stop-loss at the broker after the restart");
        Thread.sleep(300);
        assertEquals(0, second.stop(), errText());

        assertOrders(List.of("BUY", "SELL"));
    }

    @Test
    void shouldStopByItselfAtTheUntilTimeInIst() throws Exception {
        final SimulatedRun.Running run = start("--until", "09:45");
        tick(9, 20, 18130.0);
        Thread.sleep(300);
        assertTrue(!run.exit().isDone(), "still running before 09:45 IST");
        tick(9, 46, 18131.0);
        assertEquals(0, run.exit().get(10, TimeUnit.SECONDS), errText());
        assertTrue(!Files.exists(OrdersCommand.portFile(dir)), "the admin port file goes with the engine");
    }

    @Test
    void shouldListAndDropARejectedOrderThroughTheRunningEnginesAdminPort() throws Exception {
        final SimulatedRun.Running run = start();
        tick(9, 20, 18130.0);
        sim.faults().rejectOrders(1, "RMS: margin exceeds the available funds");
        tick(9, 21, 18105.0);
        final String[] listing = new String[1];
        awaitTrue(() -> (listing[0] = orders("--failed")).contains("kv-201-1"), 10_000, "the rejected entry listed");
        assertTrue(listing[0].contains("REJECTED") || listing[0].contains("rejected"), listing[0]);
        final String intentId = listing[0].lines().filter(l -> l.contains("kv-201-1")).findFirst().orElseThrow().split("\\s+")[0];

        assertTrue(orders("drop", intentId).contains("dropped"), errText());
        assertEquals(KavachMain.EXIT_BAD_INPUT, KavachMain.run("orders", "--home", dir.toString(), "retry", "abc"));
        final String status = OrdersCommand.ask(dir, "status");
        assertTrue(status.startsWith("exit 0\n") && status.contains("intents: 1 sent") && status.contains("feed: market connected"), status);
        assertTrue(!status.contains(SimulatorConfig.DEFAULT_TOKEN), "no token in the status: " + status);
        assertEquals(0, run.stop(), errText());
        assertEquals(KavachMain.EXIT_BAD_INPUT, KavachMain.run("orders", "--home", dir.toString(), "--failed"), "no engine: a clear message");
    }

    /**
     * A restart re-derives the day's fires; an entry the daily-loss halt refused before the restart must
     * be refused again in that replay, even when the restart raised the limit: the limit in force then
     * is in the journal. (Re-derived with the new limit, it was an intent with no journaled ORDER_INTENT,
     * which recovery sends.)
     */
    @Test
    void shouldNotSendAfterARestartAnEntryTheDailyLossHaltRefusedEvenWhenTheLimitWasRaised() throws Exception {
        simulated.writeRules(HALT_RULES);
        final SimulatedRun.Running first = start("--risk-daily-loss-limit-rupees", "1000");
        tick(9, 20, 18130.0);
        tick(9, 21, 18105.0); // the entry buys 50
        awaitTrue(() -> sim.orders().size() == 1 && "complete".equals(sim.orders().get(0).path("status").asText()), 10_000, "the entry filled");
        tick(9, 23, 18045.0); // the stop-loss sells 50 about 60 lower: a loss of about 3,000, over the 1,000 limit
        awaitTrue(() -> sim.orders().size() == 2 && "complete".equals(sim.orders().get(1).path("status").asText()), 10_000, "the stop-loss filled");
        Thread.sleep(1_000); // the fill reaches the engine: the user is halted
        tick(9, 25, 17990.0); // 203 fires and is refused: halted
        Thread.sleep(500);
        assertEquals(0, first.stop(), errText());
        assertEquals(2, sim.orders().size(), "the halted user's entry is refused: " + sim.orders());

        final SimulatedRun.Running second = start("--risk-daily-loss-limit-rupees", "100000");
        Thread.sleep(2_500); // recovery's sends and lookups settle
        assertEquals(0, second.stop(), errText());
        assertEquals(2, sim.orders().size(), "the entry refused before the restart is not sent by it: " + sim.orders());
        assertOrders(List.of("BUY", "SELL"));
    }

    /** {@code kavach orders ARGS} against the engine under the test's home; its standard output. */
    private String orders(final String... args) {
        final PrintStream oldOut = System.out;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            final String[] all = new String[args.length + 3];
            all[0] = "orders";
            all[1] = "--home";
            all[2] = dir.toString();
            System.arraycopy(args, 0, all, 3, args.length);
            KavachMain.run(all);
        } finally {
            System.setOut(oldOut);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private void assertOrders(final List<String> sides) {
        final List<JsonNode> orders = sim.orders();
        assertEquals(sides, orders.stream().map(o -> o.path("transaction_type").asText()).toList(), orders.toString());
        assertEquals(List.of(), sim.duplicateTags(), orders.toString());
        assertEquals(2, orders.stream().map(o -> o.path("tag").asText()).distinct().count(), orders.toString());
    }

    private void tick(final int hour, final int minute, final double price) {
        simulated.tick(hour, minute, price);
    }

    /** {@code kavach run --mode live} from the rules file alone (RunWithStoreTest runs the store's rules). */
    private SimulatedRun.Running start(final String... extraArgs) throws Exception {
        final List<String> args = new ArrayList<>(List.of("--mode", "live", "--no-store"));
        args.addAll(List.of(extraArgs));
        return simulated.start(args.toArray(String[]::new));
    }

    private String errText() {
        return simulated.errText();
    }
}
