package io.kavach.engine.rule;

import io.kavach.config.Prices;
import io.kavach.engine.candle.Timeframe;
import io.kavach.order.OrderCodes;
import io.kavach.order.OrderStatus;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuleParserTest {
    private final RuleFixture fx = new RuleFixture();

    private List<RuleDefinition> parse(final String json) throws RuleRejectedException {
        return fx.parser.parse(json, RuleFixture.at("10:00:00"), id -> false);
    }

    private String refusal(final String json) {
        return assertThrows(RuleRejectedException.class, () -> parse(json)).getMessage();
    }

    @Test
    void shouldParseEveryNfMonitorFieldOfAPriceRule() throws Exception {
        final RuleDefinition r = parse("""
            {"id": 42, "user_id": 7, "name": "SL RELIANCE", "enabled": true, "trigger_type": "price",
             "trigger_config": {"condition": "lte", "price": 2400.05, "reference": "bid"},
             "action_type": "place_order",
             "action_config": {"transaction_type": "SELL", "quantity": 10, "order_type": "SL", "product": "D",
                               "price": 2395.0, "trigger_price": 2400.0, "validity": "DAY"},
             "instrument_token": "NSE_EQ|INE002A01018", "symbol": "RELIANCE", "linked_trade_id": "T-9", "linked_order_id": null,
             "fire_count": 0, "max_fires": 1, "expires_at": "2026-11-23T15:30:00+05:30",
             "created_at": "2026-11-20T09:00:00+05:30", "updated_at": null, "fired_at": null}
            """).get(0);
        assertEquals(42, r.id());
        assertEquals(7, r.userId());
        assertEquals("SL RELIANCE", r.name());
        final TriggerSpec.Price p = assertInstanceOf(TriggerSpec.Price.class, r.trigger());
        assertEquals(Conditions.LTE, p.condition());
        assertEquals(Prices.toFixed(2400.05), p.level());
        assertEquals(Conditions.REF_BID, p.reference());
        assertEquals(fx.a, p.instrumentId());
        assertEquals(OrderCodes.SIDE_SELL, r.action().side());
        assertEquals(OrderCodes.TYPE_SL, r.action().orderType());
        assertEquals(OrderCodes.PRODUCT_D, r.action().product());
        assertEquals(Prices.toFixed(2395.0), r.action().price());
        assertTrue(r.action().reduceOnly(), "a rule linked to a trade is an exit");
        assertEquals(1, r.maxFires());
        assertEquals(RuleFixture.at("15:30:00"), r.expiresAtEpochMs());
        assertEquals("T-9", r.linkedTradeId());
    }

    @Test
    void shouldParseEachTriggerType() throws Exception {
        final List<RuleDefinition> rules = parse("""
            [{"id":1,"user_id":1,"trigger_type":"time","trigger_config":{"at":"15:15","on_days":["mon","fri"],"market_only":true},
              "action_type":"square_off_intraday","action_config":{}},
             {"id":2,"user_id":1,"symbol":"RELIANCE","trigger_type":"indicator",
              "trigger_config":{"indicator":"rsi","timeframe":"5m","condition":"crosses_below","value":30,"params":{"period":14}},
              "action_type":"place_order","action_config":{"transaction_type":"BUY","quantity":5,"order_type":"MARKET"}},
             {"id":3,"user_id":1,"trigger_type":"order_status","trigger_config":{"order_id":"240101000123","status":"complete"},
              "action_type":"enable_rule","action_config":{"rule_id":4}},
             {"id":4,"user_id":1,"enabled":false,"instrument_token":"NSE_EQ|INE002A01018","trigger_type":"trailing_stop",
              "trigger_config":{"side":"long","trail":"percent","distance":1.5,"activation_price":2500,"reference":"ltp"},
              "action_type":"place_order","action_config":{"transaction_type":"SELL","quantity":5,"order_type":"MARKET"}},
             {"id":5,"user_id":1,"instrument_token":"NSE_EQ|INE002A01018","trigger_type":"compound",
              "trigger_config":{"operator":"and","conditions":[
                 {"trigger_type":"price","trigger_config":{"condition":"gte","price":2500}},
                 {"trigger_type":"price","symbol":"TCS","trigger_config":{"condition":"lte","price":3000}}]},
              "action_type":"cancel_rule","action_config":{"rule_id":1,"also_enable_rules":[4]}}]
            """);
        final TriggerSpec.Time t = assertInstanceOf(TriggerSpec.Time.class, rules.get(0).trigger());
        assertEquals(15 * 60 + 15, t.minuteOfDay());
        assertEquals((1 << 1) | (1 << 5), t.dayMask());
        final TriggerSpec.Indicator i = assertInstanceOf(TriggerSpec.Indicator.class, rules.get(1).trigger());
        assertEquals(Timeframe.M5, i.timeframe());
        assertEquals(14.0, i.params().get("period"));
        assertEquals(OrderStatus.COMPLETE, assertInstanceOf(TriggerSpec.OrderStatus.class, rules.get(2).trigger()).status());
        final TriggerSpec.TrailingStop ts = assertInstanceOf(TriggerSpec.TrailingStop.class, rules.get(3).trigger());
        assertTrue(ts.percent());
        assertEquals(Prices.toFixed(2500), ts.activationPrice());
        assertTrue(rules.get(3).action().reduceOnly(), "trailing stops are exits");
        assertFalse(rules.get(3).enabled());
        final TriggerSpec.Compound c = assertInstanceOf(TriggerSpec.Compound.class, rules.get(4).trigger());
        assertEquals(fx.b, ((TriggerSpec.Price) c.conditions().get(1)).instrumentId());
        assertEquals(fx.a, ((TriggerSpec.Price) c.conditions().get(0)).instrumentId());
    }

    @Test
    void shouldRefuseUnknownTriggerNamingItsPath() {
        final String msg = refusal("[{\"id\":1,\"user_id\":1,\"trigger_type\":\"moon\",\"trigger_config\":{},"
            + "\"action_type\":\"square_off_intraday\"}]");
        assertTrue(msg.startsWith("[0].trigger_type: expected one of price, time"), msg);
    }

    @Test
    void shouldRefuseMissingPrice() {
        final String msg = refusal("{\"id\":1,\"user_id\":1,\"instrument_token\":\"" + RuleFixture.A + "\",\"trigger_type\":\"price\","
            + "\"trigger_config\":{\"condition\":\"lte\"},\"action_type\":\"square_off_intraday\"}");
        assertTrue(msg.contains("$.trigger_config.price: expected a positive price"), msg);
    }

    @Test
    void shouldRefuseMaxFiresZero() {
        final String msg = refusal(RuleFixture.priceRule(1, RuleFixture.A, "lte", 100, null).replace("\"user_id\":1", "\"user_id\":1,\"max_fires\":0"));
        assertTrue(msg.contains("$.max_fires: expected a positive integer"), msg);
    }

    @Test
    void shouldRefuseCancelRuleThatNamesNoRule() {
        final String msg = refusal("[{\"id\":1,\"user_id\":1,\"trigger_type\":\"time\",\"trigger_config\":{\"at\":\"15:15\"},"
            + "\"action_type\":\"cancel_rule\",\"action_config\":{\"rule_id\":99}}]");
        assertTrue(msg.contains("[0].action_config.rule_id: expected the id of an existing rule"), msg);
    }

    @Test
    void shouldRefuseAlsoCancelRulesThatNameNoRule() {
        final String msg = refusal(RuleFixture.priceRule(1, RuleFixture.A, "lte", 100, "\"also_cancel_rules\":[2]"));
        assertTrue(msg.contains("$.action_config.also_cancel_rules[0]: expected the id of an existing rule"), msg);
    }

    @Test
    void shouldRefuseUnknownInstrumentAndUnknownSymbol() {
        assertTrue(refusal(RuleFixture.priceRule(1, "NSE_EQ|NOPE", "lte", 100, null))
            .contains("$.instrument_token: expected a known instrument key"));
        final String msg = refusal("{\"id\":1,\"user_id\":1,\"symbol\":\"INFY\",\"trigger_type\":\"price\","
            + "\"trigger_config\":{\"condition\":\"lte\",\"price\":1},\"action_type\":\"square_off_intraday\"}");
        assertTrue(msg.contains("$.symbol: expected a known trading symbol"), msg);
    }

    @Test
    void shouldRefuseSymbolThatContradictsInstrumentToken() {
        final String msg = refusal("{\"id\":1,\"user_id\":1,\"symbol\":\"TCS\",\"instrument_token\":\"" + RuleFixture.A + "\","
            + "\"trigger_type\":\"price\",\"trigger_config\":{\"condition\":\"lte\",\"price\":1},\"action_type\":\"square_off_intraday\"}");
        assertTrue(msg.contains("$.symbol: expected the symbol of instrument_token"), msg);
    }

    @Test
    void shouldRefuseExpiryInThePastOfTheEnginesEventTime() {
        final String msg = refusal(RuleFixture.priceRule(1, RuleFixture.A, "lte", 100, null)
            .replace("\"user_id\":1", "\"user_id\":1,\"expires_at\":\"2026-11-23T09:59:59+05:30\""));
        assertTrue(msg.contains("$.expires_at: expected a time after the engine's current time 2026-11-23T10:00+05:30"), msg);
    }

    @Test
    void shouldRefuseLimitOrderWithoutPriceAndMarketOrderWithOne() {
        assertTrue(refusal(RuleFixture.priceRule(1, RuleFixture.A, "lte", 100, null).replace("\"MARKET\"", "\"LIMIT\""))
            .contains("$.action_config.price: expected a positive price in rupees for a LIMIT order"));
        assertTrue(refusal(RuleFixture.priceRule(1, RuleFixture.A, "lte", 100, "\"price\":99"))
            .contains("$.action_config.price: expected null for a MARKET order"));
    }

    @Test
    void shouldReportEveryProblemOfAFileAndActivateNothing() {
        final String file = "[" + RuleFixture.priceRule(1, RuleFixture.A, "lte", 100, null) + ","
            + RuleFixture.priceRule(2, RuleFixture.A, "sideways", 100, null) + ","
            + RuleFixture.priceRule(2, RuleFixture.A, "gte", -5, null) + "]";
        final RuleRejectedException e = assertThrows(RuleRejectedException.class,
            () -> fx.parser.parse(file, 0, id -> false));
        assertEquals(List.of(
            "[2].id: expected a rule id unique in the file, got duplicate 2",
            "[1].trigger_config.condition: expected one of lte, gte, crosses_above, crosses_below, got \"sideways\"",
            "[2].trigger_config.price: expected a positive price in rupees, got -5.0"), e.problems());
        assertEquals(0, fx.engine.ruleCount());
    }

    @Test
    void shouldRefuseMalformedJsonWithLineAndColumn() {
        final String msg = refusal("[{\"id\": 1,\n \"user_id\": }]");
        assertTrue(msg.startsWith("$: expected JSON") && msg.contains("line 2"), msg);
    }

    @Test
    void shouldRefuseContradictoryAlsoLists() {
        final String msg = refusal("[" + RuleFixture.priceRule(1, RuleFixture.A, "lte", 100, "\"also_cancel_rules\":[2],\"also_enable_rules\":[2]")
            + "," + RuleFixture.priceRule(2, RuleFixture.A, "gte", 200, null) + "]");
        assertTrue(msg.contains("[0].action_config.also_enable_rules: expected rules not also in also_cancel_rules"), msg);
    }

    @Test
    void shouldAcceptCancelRuleNamingARuleAlreadyInTheEngine() throws Exception {
        final List<RuleDefinition> defs = fx.parser.parse("{\"id\":5,\"user_id\":1,\"trigger_type\":\"time\",\"trigger_config\":{\"at\":\"15:15\"},"
            + "\"action_type\":\"cancel_rule\",\"action_config\":{\"rule_id\":77}}", 0, id -> id == 77);
        assertEquals(77, defs.get(0).action().targetRuleId());
    }
}
