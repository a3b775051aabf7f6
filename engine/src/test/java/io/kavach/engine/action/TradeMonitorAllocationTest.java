package io.kavach.engine.action;

import io.kavach.config.Prices;
import io.kavach.config.instrument.InstrumentRegistry;
import io.kavach.config.time.MarketCalendar;
import io.kavach.engine.event.EventKind;
import io.kavach.engine.event.InputEvent;
import io.kavach.engine.risk.RiskLimits;
import io.kavach.engine.rule.RuleEngine;
import io.kavach.order.OrderCodes;
import io.kavach.order.OrderStatus;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.Random;

import static io.kavach.engine.rule.RuleFixtureTime.at;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole rules step allocates nothing in steady state: ticks firing entries and reduce-only exits that
 * re-arm each other (enable/cancel links), a trailing stop,
 * intents into the outbox, fills back as order updates into positions, risk checks and the monitor log.
 */
class TradeMonitorAllocationTest {
    private long intents;
    private long records;
    private final long[] pendingIntent = new long[1];
    private final byte[] pendingSide = new byte[1];
    private final long[] pendingQty = new long[1];
    private boolean pending;

    @Test
    void shouldAllocateNothingPerEventInSteadyState() throws Exception {
        final InstrumentRegistry registry = new InstrumentRegistry();
        final int ins = registry.register("NSE_EQ|INE002A01018");
        final TradeMonitor monitor = new TradeMonitor(registry, Map.of(), MarketCalendar.nseDefault(), (n, p) -> null,
            new RiskLimits(Prices.toFixed(1e9), 0, false), RuleEngine.TIME_RULE_GRACE_MS_DEFAULT, i -> {
                intents++;
                pendingIntent[0] = i.intentId;
                pendingSide[0] = i.side;
                pendingQty[0] = i.quantity;
                pending = true;
            }, r -> records++);
        monitor.addRules("""
            [{"id":1,"user_id":1,"instrument_token":"NSE_EQ|INE002A01018","trigger_type":"price",
              "trigger_config":{"condition":"crosses_above","price":100.5},
              "action_type":"place_order","action_config":{"transaction_type":"BUY","quantity":10,"order_type":"MARKET","product":"I",
                                                           "also_cancel_rules":[1],"also_enable_rules":[2,3]}},
             {"id":2,"user_id":1,"enabled":false,"instrument_token":"NSE_EQ|INE002A01018","trigger_type":"price",
              "trigger_config":{"condition":"crosses_below","price":99.5},
              "action_type":"place_order","action_config":{"transaction_type":"SELL","quantity":10,"order_type":"MARKET","product":"I",
                                                           "reduce_only":true,"also_cancel_rules":[2,3],"also_enable_rules":[1]}},
             {"id":3,"user_id":1,"enabled":false,"instrument_token":"NSE_EQ|INE002A01018","trigger_type":"trailing_stop",
              "trigger_config":{"side":"long","trail":"points","distance":1.5},
              "action_type":"place_order","action_config":{"transaction_type":"SELL","quantity":5,"order_type":"MARKET","product":"I","reduce_only":true}}]
            """);
        final InputEvent e = new InputEvent();
        final byte[] orderId = "PAPER-0000000000".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        final Random rnd = new Random(7);
        final long[] state = {Prices.toFixed(100), at("09:15:00"), 0};
        final Runnable step = () -> {
            state[0] = Math.max(Prices.toFixed(97), Math.min(Prices.toFixed(103), state[0] + Prices.toFixed(0.05) * (rnd.nextInt(21) - 10)));
            state[1] += 1; // 1.3 million events in one session (09:15 to 09:37)
            e.kind = EventKind.MARKET_TICK;
            e.clearTick();
            e.instrumentId = ins;
            e.eventTimeEpochMs = state[1];
            e.ltp = state[0];
            monitor.onEvent(e);
            if (pending) { // the broker fills the intent at once
                pending = false;
                e.kind = EventKind.ORDER_UPDATE;
                e.userId = 1;
                e.intentId = pendingIntent[0];
                long n = ++state[2];
                for (int k = orderId.length - 1; k >= 6; k--) {
                    orderId[k] = (byte) ('0' + n % 10);
                    n /= 10;
                }
                System.arraycopy(orderId, 0, e.brokerOrderId, 0, orderId.length);
                e.brokerOrderIdLength = orderId.length;
                e.orderStatus = OrderStatus.COMPLETE;
                e.side = pendingSide[0];
                e.product = OrderCodes.PRODUCT_I;
                e.quantity = pendingQty[0];
                e.filledQuantity = pendingQty[0];
                e.averagePrice = state[0];
                monitor.onEvent(e);
            }
        };
        for (int i = 0; i < 300_000; i++) {
            step.run();
        }
        final com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().getId();
        final long intentsBefore = intents;
        final long before = mx.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 1_000_000; i++) {
            step.run();
        }
        final long allocated = mx.getThreadAllocatedBytes(thread) - before;
        assertTrue(intents - intentsBefore > 10_000, "steady state must send orders too, sent " + (intents - intentsBefore));
        // RuleEngine alone measures 0 bytes (RuleEngineAllocationTest). Through the whole step a few
        // hundred bytes appear at rare order updates that we could not attribute yet (suspected JIT
        // deoptimisation materialising scalar-replaced objects); this bound still fails on any
        // allocation per event, per fill or per order (1,000,000 events, tens of thousands of orders).
        assertTrue(allocated < 1_000, "bytes allocated by 1,000,000 ticks and their fills: " + allocated);
    }
}
