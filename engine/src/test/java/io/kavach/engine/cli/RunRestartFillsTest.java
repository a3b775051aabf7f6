package io.kavach.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.kavach.sim.UpstoxSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

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
    private SimulatedRun simulated;
    private UpstoxSimulator sim;

    @BeforeEach
    void startSimulator() throws Exception {
        simulated = SimulatedRun.open(dir, RULES);
        sim = simulated.sim();
    }

    @AfterEach
    void stopSimulator() {
        simulated.close();
    }

    @Test
    void shouldFoldAFillThatHappenedWhileStoppedBeforeGoingLiveAndSizeTheStopLossOnIt() throws Exception {
        final SimulatedRun.Running first = start();
        tick(9, 20, 18130.0);
        tick(9, 21, 18105.0); // 301 fires: a bid at 18,100 that rests open; the stop-loss is not armed yet
        awaitTrue(() -> sim.orders().size() == 1 && "open".equals(sim.orders().get(0).path("status").asText()), 10_000, "the bid open at the broker");
        Thread.sleep(1_000); // its acknowledgement reaches the journal
        assertEquals(0, first.stop(), errText());

        tick(9, 25, 18095.0); // the engine is down: the bid fills at the broker
        awaitTrue(() -> "complete".equals(sim.orders().get(0).path("status").asText()), 10_000, "the bid filled while the engine was down");

        final SimulatedRun.Running second = start();
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
        simulated.tick(hour, minute, price);
    }

    /** {@code kavach run --mode live} with the embedded store. */
    private SimulatedRun.Running start() throws Exception {
        return simulated.start("--mode", "live");
    }

    private String errText() {
        return simulated.errText();
    }
}
