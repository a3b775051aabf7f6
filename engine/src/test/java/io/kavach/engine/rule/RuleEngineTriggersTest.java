package io.kavach.engine.rule;

import io.kavach.config.Prices;
import io.kavach.engine.candle.Candle;
import io.kavach.engine.candle.Timeframe;
import io.kavach.engine.event.EventKind;
import io.kavach.engine.event.InputEvent;
import io.kavach.order.OrderStatus;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;

import static io.kavach.engine.rule.RuleFixture.A;
import static io.kavach.engine.rule.RuleFixture.B;
import static io.kavach.engine.rule.RuleFixture.at;
import static io.kavach.engine.rule.RuleFixture.ist;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuleEngineTriggersTest {
    private final RuleFixture fx = new RuleFixture();

    private static String timeRule(final long id, final String config) {
        return "{\"id\":" + id + ",\"user_id\":1,\"trigger_type\":\"time\",\"trigger_config\":" + config
            + ",\"action_type\":\"square_off_intraday\",\"action_config\":{}}";
    }

    // ---- time ---------------------------------------------------------------------------------

    @Test
    void shouldFireTimeRuleOncePerDayStampedWithItsScheduledTime() {
        fx.engine.onTime(at("09:00:00"));
        fx.add(timeRule(1, "{\"at\":\"15:15\"}"));
        fx.engine.onTime(at("15:14:59"));
        assertTrue(fx.fires.isEmpty());
        fx.engine.onTime(at("15:15:07"));
        fx.engine.onTime(at("15:20:00"));
        assertEquals(List.of(1L), fx.firedIds());
        assertEquals(at("15:15:00"), fx.fires.get(0).timeMs());
        fx.engine.onTime(at("15:15:00") + 86_400_000L); // Tuesday 24th is an NSE holiday
        assertEquals(1, fx.fires.size());
        fx.engine.onTime(at("15:15:00") + 2 * 86_400_000L); // Wednesday
        assertEquals(2, fx.fires.size());
        assertEquals(2, fx.fires.get(1).fireNumber());
    }

    @Test
    void shouldSkipWeekendsAndExchangeHolidaysWhenMarketOnly() {
        final LocalDate friday = LocalDate.of(2026, 11, 20);
        fx.engine.onTime(ist(friday, "16:00:00"));
        fx.add(timeRule(1, "{\"at\":\"09:30\",\"market_only\":true}"));
        fx.add(timeRule(2, "{\"at\":\"09:30\",\"market_only\":false}"));
        fx.engine.onTime(ist(friday.plusDays(1), "09:31:00")); // Saturday
        fx.engine.onTime(ist(friday.plusDays(2), "09:31:00")); // Sunday
        fx.engine.onTime(ist(friday.plusDays(3), "09:31:00")); // Monday 23rd
        fx.engine.onTime(ist(friday.plusDays(4), "09:31:00")); // Tuesday 24th: NSE holiday
        fx.engine.onTime(ist(friday.plusDays(5), "09:31:00")); // Wednesday
        assertEquals(List.of(2L, 2L, 1L, 2L, 2L, 1L, 2L), fx.firedIds());
    }

    @Test
    void shouldFireOnlyOnTheGivenDays() {
        fx.engine.onTime(at("08:00:00"));
        fx.add(timeRule(1, "{\"at\":\"10:00\",\"on_days\":[\"wed\"],\"market_only\":false}"));
        for (int d = 0; d < 7; d++) {
            fx.engine.onTime(at("10:00:00") + d * 86_400_000L);
        }
        assertEquals(1, fx.fires.size());
        assertEquals(at("10:00:00") + 2 * 86_400_000L, fx.fires.get(0).timeMs());
    }

    @Test
    void shouldCatchUpAMissedTimeRuleAtStartUpWithinTheGrace() {
        fx.add(timeRule(1, "{\"at\":\"15:15\"}")); // loaded before the first event: start-up
        fx.engine.onTime(at("15:18:30"));
        assertEquals(List.of(1L), fx.firedIds());
        assertEquals(at("15:15:00"), fx.fires.get(0).timeMs());
    }

    @Test
    void shouldNotCatchUpBeyondTheGraceAndFireTheNextDay() {
        final RuleFixture late = new RuleFixture(2 * 60_000L, (n, p) -> new FakeIndicator());
        late.add(timeRule(1, "{\"at\":\"15:15\"}"));
        late.engine.onTime(at("15:17:01"));
        assertTrue(late.fires.isEmpty());
        late.engine.onTime(at("15:15:00") + 2 * 86_400_000L); // Wednesday (Tuesday is a holiday)
        assertEquals(1, late.fires.size());
    }

    @Test
    void shouldCatchUpARuleAddedWhileRunningWithinTheGrace() {
        fx.engine.onTime(at("15:16:00"));
        fx.add(timeRule(1, "{\"at\":\"15:15\"}"));
        fx.add(timeRule(2, "{\"at\":\"15:10\"}"));
        fx.engine.onTime(at("15:17:00"));
        assertEquals(List.of(1L), fx.firedIds(), "15:15 is a minute late; 15:10 is beyond the grace");
        assertEquals(at("15:15:00"), fx.fires.get(0).timeMs());
    }

    @Test
    void shouldFireLateOnTheSameDayWhenNoEventCameInTime() {
        fx.engine.onTime(at("09:00:00"));
        fx.add(timeRule(1, "{\"at\":\"15:15\"}"));
        fx.engine.onTime(at("15:25:00")); // the engine saw nothing between 09:00 and 15:25: a late exit beats a missed one
        assertEquals(List.of(1L), fx.firedIds());
        assertEquals(at("15:15:00"), fx.fires.get(0).timeMs());
    }

    @Test
    void shouldSkipAnOccurrenceWhoseDayPassedWithoutEvents() {
        fx.engine.onTime(at("09:00:00"));
        fx.add(timeRule(1, "{\"at\":\"15:15\"}"));
        fx.engine.onTime(at("09:20:00") + 2 * 86_400_000L); // Wednesday morning; Monday's 15:15 never had an event
        assertTrue(fx.fires.isEmpty());
        assertEquals(1, fx.engine.missedTimeFires());
        fx.engine.onTime(at("15:15:01") + 2 * 86_400_000L);
        assertEquals(1, fx.fires.size());
    }

    // ---- indicator ----------------------------------------------------------------------------

    private void candle(final int instrument, final Timeframe tf, final String start, final double close) {
        final Candle c = new Candle();
        c.instrumentId = instrument;
        c.timeframe = tf;
        c.startEpochMs = at(start);
        c.endEpochMs = c.startEpochMs + tf.minutes * 60_000L;
        c.open = c.high = c.low = c.close = Prices.toFixed(close);
        fx.engine.onCandleClosed(c);
    }

    private static String indicatorRule(final long id, final String condition, final double value) {
        return "{\"id\":" + id + ",\"user_id\":1,\"instrument_token\":\"" + A + "\",\"trigger_type\":\"indicator\","
            + "\"trigger_config\":{\"indicator\":\"sma\",\"timeframe\":\"5m\",\"condition\":\"" + condition + "\",\"value\":" + value
            + ",\"params\":{\"period\":3}},\"action_type\":\"place_order\","
            + "\"action_config\":{\"transaction_type\":\"BUY\",\"quantity\":1,\"order_type\":\"MARKET\"}}";
    }

    @Test
    void shouldEvaluateIndicatorOnlyOnCloseOfItsTimeframeAndStampTheCandleEnd() {
        fx.add(indicatorRule(1, "crosses_above", 100));
        candle(fx.a, Timeframe.M5, "09:15:00", 99);
        candle(fx.a, Timeframe.M5, "09:20:00", 99.5);  // ready: first value, crosses nothing
        candle(fx.a, Timeframe.M1, "09:25:00", 150);   // other timeframe: ignored
        candle(fx.b, Timeframe.M5, "09:25:00", 150);   // other instrument: ignored
        assertTrue(fx.fires.isEmpty());
        candle(fx.a, Timeframe.M5, "09:25:00", 101);
        assertEquals(List.of(1L), fx.firedIds());
        assertEquals(at("09:30:00"), fx.fires.get(0).timeMs());
        assertEquals(101.0, fx.fires.get(0).indicator());
        candle(fx.a, Timeframe.M5, "09:30:00", 102); // stays above: no new cross
        assertEquals(1, fx.fires.size());
    }

    @Test
    void shouldFireIndicatorLteOnEveryQualifyingClose() {
        fx.add(indicatorRule(1, "lte", 30));
        candle(fx.a, Timeframe.M5, "09:15:00", 20);
        candle(fx.a, Timeframe.M5, "09:20:00", 25);
        candle(fx.a, Timeframe.M5, "09:25:00", 35);
        candle(fx.a, Timeframe.M5, "09:30:00", 30);
        assertEquals(List.of(1L, 1L), fx.firedIds());
    }

    @Test
    void shouldShareOneIndicatorInstanceAcrossRulesWithTheSameSpec() {
        final int[] created = {0};
        final RuleFixture f = new RuleFixture(RuleEngine.TIME_RULE_GRACE_MS_DEFAULT, (n, p) -> {
            created[0]++;
            return new FakeIndicator();
        });
        f.add(indicatorRule(1, "lte", 30));
        f.add(indicatorRule(2, "gte", 70));
        assertEquals(1, created[0]);
    }

    // ---- order status -------------------------------------------------------------------------

    private void orderUpdate(final RuleFixture f, final String orderId, final long intentId, final byte status, final long filled, final long timeMs) {
        final InputEvent e = f.event;
        e.kind = EventKind.ORDER_UPDATE;
        e.eventTimeEpochMs = timeMs;
        final byte[] id = orderId.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(id, 0, e.brokerOrderId, 0, id.length);
        e.brokerOrderIdLength = id.length;
        e.intentId = intentId;
        e.orderStatus = status;
        e.filledQuantity = filled;
        f.engine.onOrderUpdate(e);
    }

    @Test
    void shouldFireOrderStatusRuleOnTransitionIntoTheStatusOnly() {
        fx.add("{\"id\":1,\"user_id\":1,\"trigger_type\":\"order_status\",\"trigger_config\":{\"order_id\":\"OID-7\",\"status\":\"complete\"},"
            + "\"action_type\":\"square_off_intraday\"}");
        orderUpdate(fx, "OID-7", 0, OrderStatus.OPEN, 0, at("09:20:00"));
        orderUpdate(fx, "OID-8", 0, OrderStatus.COMPLETE, 1, at("09:20:01"));
        orderUpdate(fx, "OID-7", 0, OrderStatus.COMPLETE, 1, at("09:20:02"));
        orderUpdate(fx, "OID-7", 0, OrderStatus.COMPLETE, 1, at("09:20:03")); // duplicate update
        assertEquals(List.of(1L), fx.firedIds());
        assertEquals(at("09:20:02"), fx.fires.get(0).timeMs());
    }

    @Test
    void shouldFireOrderStatusRuleForOrdersPlacedByANamedRule() {
        fx.add("{\"id\":2,\"user_id\":1,\"trigger_type\":\"order_status\",\"trigger_config\":{\"rule_id\":5,\"status\":\"rejected\"},"
            + "\"action_type\":\"square_off_intraday\"}");
        orderUpdate(fx, "X1", IntentIds.intentId(6, 1, 0), OrderStatus.REJECTED, 0, at("09:20:00"));
        orderUpdate(fx, "X2", IntentIds.intentId(5, 1, 0), OrderStatus.REJECTED, 0, at("09:20:01"));
        assertEquals(List.of(2L), fx.firedIds());
    }

    @Test
    void shouldFirePartiallyFilledOnEachIncreaseOfTheFilledQuantity() {
        fx.add("{\"id\":1,\"user_id\":1,\"trigger_type\":\"order_status\",\"trigger_config\":{\"order_id\":\"P\",\"status\":\"partially_filled\"},"
            + "\"action_type\":\"square_off_intraday\"}");
        orderUpdate(fx, "P", 0, OrderStatus.PARTIALLY_FILLED, 10, at("09:20:00"));
        orderUpdate(fx, "P", 0, OrderStatus.PARTIALLY_FILLED, 10, at("09:20:01"));
        orderUpdate(fx, "P", 0, OrderStatus.PARTIALLY_FILLED, 20, at("09:20:02"));
        assertEquals(2, fx.fires.size());
    }

    // ---- compound -----------------------------------------------------------------------------

    private static String compound(final long id, final String operator, final String... conditions) {
        return "{\"id\":" + id + ",\"user_id\":1,\"instrument_token\":\"" + A + "\",\"trigger_type\":\"compound\","
            + "\"trigger_config\":{\"operator\":\"" + operator + "\",\"conditions\":[" + String.join(",", conditions) + "]},"
            + "\"action_type\":\"square_off_intraday\"}";
    }

    private static String price(final String instrument, final String condition, final double level) {
        return "{\"trigger_type\":\"price\",\"instrument_token\":\"" + instrument + "\",\"trigger_config\":{\"condition\":\"" + condition
            + "\",\"price\":" + level + "}}";
    }

    @Test
    void shouldFireAndTreeOnItsRisingEdgeOnly() {
        fx.add(compound(1, "and", price(A, "gte", 100), price(B, "lte", 50)));
        fx.tick(fx.a, 101, at("09:20:00"));
        assertTrue(fx.fires.isEmpty());
        fx.tick(fx.b, 49, at("09:20:01"));       // both true now: fires
        fx.tick(fx.a, 102, at("09:20:02"));      // still true: no new edge
        assertEquals(List.of(1L), fx.firedIds());
        fx.tick(fx.b, 51, at("09:20:03"));       // false
        fx.tick(fx.b, 50, at("09:20:04"));       // true again: fires
        assertEquals(List.of(1L, 1L), fx.firedIds());
        assertEquals(at("09:20:04"), fx.fires.get(1).timeMs());
    }

    @Test
    void shouldTreatCrossesAsMomentaryInsideCompoundTrees() {
        fx.add(compound(1, "and", price(A, "crosses_above", 100), price(B, "lte", 50)));
        fx.tick(fx.a, 99, at("09:20:00"));
        fx.tick(fx.a, 101, at("09:20:01")); // cross while B unknown: false
        fx.tick(fx.b, 40, at("09:20:02")); // B true but the cross is over
        assertTrue(fx.fires.isEmpty());
        fx.tick(fx.a, 99, at("09:20:03"));
        fx.tick(fx.a, 100.5, at("09:20:04"));
        assertEquals(List.of(1L), fx.firedIds());
    }

    @Test
    void shouldEvaluateNestedOrInsideAnd() {
        final String or = "{\"trigger_type\":\"compound\",\"trigger_config\":{\"operator\":\"or\",\"conditions\":["
            + price(B, "lte", 50) + "," + price(B, "gte", 200) + "]}}";
        fx.add(compound(1, "and", price(A, "gte", 100), or));
        fx.tick(fx.a, 100, at("09:20:00"));
        fx.tick(fx.b, 100, at("09:20:01"));
        assertTrue(fx.fires.isEmpty());
        fx.tick(fx.b, 250, at("09:20:02"));
        assertEquals(List.of(1L), fx.firedIds());
        fx.tick(fx.b, 40, at("09:20:03")); // stays true through the other branch: no edge
        assertEquals(1, fx.fires.size());
    }

    @Test
    void shouldCombineOrderStatusAndPriceInACompound() {
        fx.add(compound(1, "and",
            "{\"trigger_type\":\"order_status\",\"trigger_config\":{\"order_id\":\"E1\",\"status\":\"complete\"}}",
            price(A, "lte", 95)));
        fx.tick(fx.a, 94, at("09:20:00"));
        assertTrue(fx.fires.isEmpty());
        orderUpdate(fx, "E1", 0, OrderStatus.COMPLETE, 1, at("09:20:01"));
        assertEquals(List.of(1L), fx.firedIds());
    }

    // ---- trailing stops -----------------------------------------------------------------------

    private static String trailing(final long id, final String side, final String trail, final double distance, final String activation) {
        return "{\"id\":" + id + ",\"user_id\":1,\"instrument_token\":\"" + A + "\",\"trigger_type\":\"trailing_stop\","
            + "\"trigger_config\":{\"side\":\"" + side + "\",\"trail\":\"" + trail + "\",\"distance\":" + distance
            + ",\"activation_price\":" + activation + "},\"max_fires\":1,"
            + "\"action_type\":\"place_order\",\"action_config\":{\"transaction_type\":\"" + ("long".equals(side) ? "SELL" : "BUY")
            + "\",\"quantity\":1,\"order_type\":\"MARKET\"}}";
    }

    @Test
    void shouldFireLongTrailingStopWhenPriceComesBackByTheDistanceFromItsBest() {
        fx.add(trailing(1, "long", "points", 10, "null"));
        final double[] path = {100, 105, 120, 115, 111, 110.5, 109.9};
        for (int i = 0; i < path.length; i++) {
            fx.tick(fx.a, path[i], at("09:20:00") + i * 1000L);
        }
        assertEquals(List.of(1L), fx.firedIds());
        assertEquals(Prices.toFixed(110), fx.fires.get(0).level());
        assertEquals(Prices.toFixed(109.9), fx.fires.get(0).price());
    }

    @Test
    void shouldActivateShortPercentTrailingStopOnlyAtItsActivationPrice() {
        fx.add(trailing(1, "short", "percent", 2, "95"));
        final double[] path = {100, 110, 96, 95, 90, 91.7, 91.9};
        for (int i = 0; i < path.length; i++) {
            fx.tick(fx.a, path[i], at("09:20:00") + i * 1000L);
        }
        // active from 95, best 90, stop 91.8: 91.7 does not reach it, 91.9 does
        assertEquals(List.of(1L), fx.firedIds());
        assertEquals(Prices.toFixed(91.9), fx.fires.get(0).price());
    }
}
