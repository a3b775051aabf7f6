package io.kavach.engine.action;

import io.kavach.config.Prices;
import io.kavach.engine.risk.RiskGuard;
import io.kavach.engine.risk.RiskLimits;
import io.kavach.engine.rule.IntentIds;
import io.kavach.order.OrderCodes;
import io.kavach.order.OrderStatus;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.kavach.engine.action.TradeMonitorFixture.A;
import static io.kavach.engine.action.TradeMonitorFixture.B;
import static io.kavach.engine.action.TradeMonitorFixture.rule;
import static io.kavach.engine.rule.RuleFixtureTime.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TradeMonitorTest {
    private static final byte I = OrderCodes.PRODUCT_I;

    @Test
    void shouldCutAnExitToTheLivePositionAndSkipItWhenFlat() {
        final TradeMonitorFixture fx = new TradeMonitorFixture(RiskLimits.DEFAULT);
        fx.rules(rule(5, A, "lte", 95, "SELL", 10, "\"max_fires\":2", "\"reduce_only\":true"));
        fx.fill(0, "MANUAL-1", 1, fx.a, I, OrderCodes.SIDE_BUY, 6, 100, at("09:20:00"));
        fx.tick(fx.a, 94, at("09:21:00"));
        assertEquals(1, fx.intents.size());
        assertEquals(6, fx.intents.get(0).quantity, "never sells more than the live position");
        assertTrue(fx.intents.get(0).exit);
        assertEquals(new TradeMonitorFixture.Logged(5, 1, ActionResult.SENT, 1, 6, Prices.toFixed(94), Prices.toFixed(94)), fx.log.get(0));
        fx.tick(fx.a, 93, at("09:21:01")); // the first exit is still open: nothing left to exit
        assertEquals(ActionResult.SKIPPED_FLAT, fx.log.get(1).result());
        assertEquals(1, fx.intents.size());
    }

    @Test
    void shouldNotOpenAPositionFromAStopLeftBehindAfterAManualClose() {
        final TradeMonitorFixture fx = new TradeMonitorFixture(RiskLimits.DEFAULT);
        fx.rules(rule(5, A, "lte", 95, "SELL", 10, "\"linked_trade_id\":\"T1\"", null));
        fx.fill(0, "M1", 1, fx.a, I, OrderCodes.SIDE_BUY, 10, 100, at("09:20:00"));
        fx.fill(0, "M2", 1, fx.a, I, OrderCodes.SIDE_SELL, 10, 101, at("09:25:00")); // manual close
        fx.tick(fx.a, 94, at("09:30:00"));
        assertTrue(fx.intents.isEmpty());
        assertEquals(ActionResult.SKIPPED_FLAT, fx.log.get(0).result());
    }

    @Test
    void shouldReleaseAnExitReservationWhenTheExitIsCancelled() {
        final TradeMonitorFixture fx = new TradeMonitorFixture(RiskLimits.DEFAULT);
        fx.rules(rule(5, A, "lte", 95, "SELL", 10, null, "\"reduce_only\":true"));
        fx.fill(0, "M1", 1, fx.a, I, OrderCodes.SIDE_BUY, 10, 100, at("09:20:00"));
        fx.tick(fx.a, 94, at("09:21:00"));
        final OrderIntent exit = fx.intents.get(0);
        fx.update(exit.intentId, "B1", 1, fx.a, I, OrderCodes.SIDE_SELL, 10, 0, 0, OrderStatus.CANCELLED, at("09:21:01"));
        fx.tick(fx.a, 94, at("09:21:02"));
        assertEquals(2, fx.intents.size());
        assertEquals(10, fx.intents.get(1).quantity);
        fx.update(fx.intents.get(1).intentId, "B2", 1, fx.a, I, OrderCodes.SIDE_SELL, 10, 4, 94, OrderStatus.PARTIALLY_FILLED, at("09:21:03"));
        assertEquals(6, fx.monitor.positions().netQuantity(1, fx.a, I));
        assertEquals(6, fx.monitor.positions().position(1, fx.a, I).reservedExit());
    }

    @Test
    void shouldGiveIntentsDeterministicIdsAndShortTags() {
        final TradeMonitorFixture fx = new TradeMonitorFixture(RiskLimits.DEFAULT);
        fx.rules(rule(123456789L, A, "gte", 100, "BUY", 1, null, null));
        fx.tick(fx.a, 100, at("09:20:00"));
        fx.tick(fx.a, 101, at("09:20:01"));
        assertEquals(IntentIds.intentId(123456789L, 2, 0), fx.intents.get(1).intentId);
        assertEquals("kv-123456789-2", fx.intents.get(1).tagString());
        final byte[] tag = new byte[40];
        final int n = IntentIds.writeTag(IntentIds.intentId(IntentIds.MAX_RULE_ID, IntentIds.MAX_FIRE_NUMBER, 255), tag);
        assertTrue(n <= 40, "longest tag is " + n + " characters");
        assertEquals(IntentIds.MAX_RULE_ID, IntentIds.ruleId(IntentIds.intentId(IntentIds.MAX_RULE_ID, 7, 3)));
    }

    @Test
    void shouldSquareOffOnlyIntradayPositionsOfTheUser() {
        final TradeMonitorFixture fx = new TradeMonitorFixture(RiskLimits.DEFAULT);
        fx.rules("{\"id\":9,\"user_id\":1,\"trigger_type\":\"time\",\"trigger_config\":{\"at\":\"15:15\"},\"action_type\":\"square_off_intraday\"}");
        fx.fill(0, "M1", 1, fx.a, I, OrderCodes.SIDE_BUY, 5, 100, at("09:20:00"));
        fx.fill(0, "M2", 1, fx.b, I, OrderCodes.SIDE_SELL, 3, 200, at("09:20:00"));
        fx.fill(0, "M3", 1, fx.a, OrderCodes.PRODUCT_D, OrderCodes.SIDE_BUY, 7, 100, at("09:20:00"));
        fx.fill(0, "M4", 2, fx.a, I, OrderCodes.SIDE_BUY, 8, 100, at("09:20:00"));
        fx.tick(fx.a, 100, at("15:15:02"));
        assertEquals(2, fx.intents.size());
        final OrderIntent first = fx.intents.get(0);
        final OrderIntent second = fx.intents.get(1);
        assertEquals(List.of(OrderCodes.SIDE_SELL, 5L, fx.a, "kv-9-1"), List.of(first.side, first.quantity, first.instrumentId, first.tagString()));
        assertEquals(List.of(OrderCodes.SIDE_BUY, 3L, fx.b, "kv-9-1-1"), List.of(second.side, second.quantity, second.instrumentId, second.tagString()));
        assertEquals(OrderCodes.TYPE_MARKET, first.orderType);
    }

    @Test
    void shouldHaltAUserAtTheDailyLossLimitRefuseEntriesAllowExitsAndFlatten() {
        final TradeMonitorFixture fx = new TradeMonitorFixture(new RiskLimits(Prices.toFixed(100), 0, true));
        fx.rules("[" + rule(1, B, "gte", 10, "BUY", 1, null, null) + ","
            + rule(2, B, "gte", 10, "SELL", 1, null, "\"reduce_only\":true") + "]");
        fx.fill(0, "M1", 1, fx.a, I, OrderCodes.SIDE_BUY, 10, 100, at("09:20:00"));
        fx.fill(0, "M2", 1, fx.b, I, OrderCodes.SIDE_BUY, 1, 10, at("09:20:00"));
        fx.tick(fx.a, 90.5, at("09:21:00")); // -95: not yet
        assertEquals(RiskGuard.STATE_ACTIVE, fx.monitor.risk().state(1, at("09:21:00")));
        assertTrue(fx.intents.isEmpty());
        fx.tick(fx.a, 89.9, at("09:22:00")); // -101: halted, flattened
        assertEquals(RiskGuard.STATE_HALTED, fx.monitor.risk().state(1, at("09:22:00")));
        assertEquals(2, fx.intents.size(), "flatten: both positions");
        assertTrue(IntentIds.isRisk(fx.intents.get(0).intentId));
        assertEquals("kv-risk-1-1", fx.intents.get(0).tagString());
        fx.fill(fx.intents.get(1).intentId, "R2", 1, fx.b, I, OrderCodes.SIDE_SELL, 1, 10, at("09:22:01"));
        fx.fill(0, "M3", 1, fx.b, I, OrderCodes.SIDE_BUY, 1, 10, at("09:22:02")); // a manual re-entry
        fx.tick(fx.b, 11, at("09:23:00"));
        assertEquals(ActionResult.REFUSED_HALTED, fx.log.get(0).result(), "entry refused while halted");
        assertEquals(ActionResult.SENT, fx.log.get(1).result(), "exit allowed while halted");
    }

    @Test
    void shouldTakeRiskLimitsFromAJournaledCommandAndCountABadOneWithoutChangingThem() {
        final TradeMonitorFixture fx = new TradeMonitorFixture(RiskLimits.DEFAULT);
        final RiskLimits limits = new RiskLimits(Prices.toFixed(100), 0, false);
        riskCommand(fx, limits.payload());
        assertEquals(limits, fx.monitor.risk().defaults());
        riskCommand(fx, "{\"daily_loss_limit\":\"lots\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(1, fx.monitor.rejectedCommands());
        assertTrue(fx.monitor.lastRejection().contains("daily_loss_limit"), fx.monitor.lastRejection());
        assertEquals(limits, fx.monitor.risk().defaults(), "a bad command changes nothing");
    }

    private static void riskCommand(final TradeMonitorFixture fx, final byte[] payload) {
        final io.kavach.engine.event.InputEvent e = fx.event;
        e.kind = io.kavach.engine.event.EventKind.RULE_COMMAND;
        e.command = io.kavach.engine.rule.RuleCommand.RISK_LIMITS;
        e.eventTimeEpochMs = at("09:15:00");
        System.arraycopy(payload, 0, e.payload, 0, payload.length);
        e.payloadLength = payload.length;
        fx.monitor.onEvent(e);
    }

    @Test
    void shouldRefuseOrdersOverThePerMinuteCap() {
        final TradeMonitorFixture fx = new TradeMonitorFixture(new RiskLimits(0, 2, false));
        fx.rules(rule(1, A, "gte", 10, "BUY", 1, null, null));
        fx.tick(fx.a, 11, at("09:20:00"));
        fx.tick(fx.a, 11, at("09:20:10"));
        fx.tick(fx.a, 11, at("09:20:20"));
        fx.tick(fx.a, 11, at("09:21:00"));
        assertEquals(List.of(ActionResult.SENT, ActionResult.SENT, ActionResult.REFUSED_RATE_LIMIT, ActionResult.SENT),
            fx.log.stream().map(TradeMonitorFixture.Logged::result).toList());
    }

    @Test
    void shouldActivateNothingFromARefusedFile() {
        final TradeMonitorFixture fx = new TradeMonitorFixture(RiskLimits.DEFAULT);
        assertThrows(io.kavach.engine.rule.RuleRejectedException.class, () -> fx.monitor.addRules("["
            + rule(1, A, "gte", 10, "BUY", 1, null, null) + "," + rule(2, A, "gte", 10, "BUY", 0, null, null) + "]"));
        assertEquals(0, fx.monitor.rules().ruleCount());
    }

    @Test
    void shouldCancelAndModifyOrdersByBrokerId() {
        final TradeMonitorFixture fx = new TradeMonitorFixture(RiskLimits.DEFAULT);
        fx.monitor.risk().setKillSwitch(true);
        fx.rules("[{\"id\":1,\"user_id\":1,\"instrument_token\":\"" + A + "\",\"trigger_type\":\"price\",\"trigger_config\":{\"condition\":\"gte\",\"price\":10},"
            + "\"max_fires\":1,\"action_type\":\"cancel_order\",\"action_config\":{\"order_id\":\"250101000042\"}},"
            + "{\"id\":2,\"user_id\":1,\"instrument_token\":\"" + A + "\",\"trigger_type\":\"price\",\"trigger_config\":{\"condition\":\"gte\",\"price\":10},"
            + "\"max_fires\":1,\"action_type\":\"modify_order\",\"action_config\":{\"order_id\":\"250101000043\",\"trigger_price\":9.5}}]");
        fx.tick(fx.a, 11, at("09:20:00"));
        assertEquals(1, fx.intents.size(), "the kill switch lets the cancel through, not the modify");
        assertEquals(OrderIntent.CANCEL, fx.intents.get(0).action);
        assertEquals("250101000042", fx.intents.get(0).brokerOrderIdString());
        assertEquals(ActionResult.REFUSED_KILL_SWITCH, fx.log.get(1).result());
    }
}
