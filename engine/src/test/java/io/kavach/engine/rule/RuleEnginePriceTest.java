package io.kavach.engine.rule;

import io.kavach.config.Prices;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.kavach.engine.rule.RuleFixture.A;
import static io.kavach.engine.rule.RuleFixture.B;
import static io.kavach.engine.rule.RuleFixture.at;
import static io.kavach.engine.rule.RuleFixture.priceRule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuleEnginePriceTest {
    private final RuleFixture fx = new RuleFixture();

    @Test
    void shouldFireLteOnEachQualifyingTickUntilMaxFires() {
        fx.add(priceRule(1, A, "lte", 100, null).replace("\"user_id\":1", "\"user_id\":1,\"max_fires\":2"));
        fx.tick(fx.a, 101, at("09:20:00"));
        fx.tick(fx.a, 100, at("09:20:01"));
        fx.tick(fx.a, 99, at("09:20:02"));
        fx.tick(fx.a, 98, at("09:20:03"));
        assertEquals(List.of(1L, 1L), fx.firedIds());
        assertEquals(at("09:20:01"), fx.fires.get(0).timeMs());
        assertEquals(2, fx.fires.get(1).fireNumber());
        assertTrue(fx.engine.rule(1).isRetired());
    }

    @Test
    void shouldFireGteWithUnlimitedMaxFiresOnEveryQualifyingTick() {
        fx.add(priceRule(1, A, "gte", 200, null));
        for (int i = 0; i < 5; i++) {
            fx.tick(fx.a, 199 + i, at("09:20:00") + i);
        }
        assertEquals(4, fx.fires.size());
    }

    @Test
    void shouldFireStopLossOnceWhenPriceGapsThroughIt() {
        fx.add(priceRule(1, A, "crosses_below", 100, null));
        fx.tick(fx.a, 105, at("15:29:00"));
        fx.tick(fx.a, 90, at("09:15:00") + 86_400_000L); // next day's open gaps below the level
        fx.tick(fx.a, 89, at("09:15:01") + 86_400_000L);
        fx.tick(fx.a, 88, at("09:15:02") + 86_400_000L);
        assertEquals(List.of(1L), fx.firedIds());
        assertEquals(Prices.toFixed(90), fx.fires.get(0).price());
    }

    @Test
    void shouldCrossAboveOnlyWhenPreviousAtOrBelowAndCurrentAbove() {
        fx.add(priceRule(1, A, "crosses_above", 100, null));
        fx.tick(fx.a, 99, at("09:20:00"));
        fx.tick(fx.a, 100, at("09:20:01"));   // reaching the level is not a cross
        assertTrue(fx.fires.isEmpty());
        fx.tick(fx.a, 100.05, at("09:20:02")); // previous 100 ≤ level < current
        fx.tick(fx.a, 101, at("09:20:03"));
        fx.tick(fx.a, 99, at("09:20:04"));
        fx.tick(fx.a, 102, at("09:20:05"));
        assertEquals(List.of(1L, 1L), fx.firedIds());
    }

    @Test
    void shouldCrossBelowWhenPreviousAtOrAboveAndCurrentBelow() {
        fx.add(priceRule(1, A, "crosses_below", 100, null));
        fx.tick(fx.a, 100, at("09:20:00"));
        fx.tick(fx.a, 99.95, at("09:20:01"));
        fx.tick(fx.a, 99, at("09:20:02"));
        assertEquals(List.of(1L), fx.firedIds());
    }

    @Test
    void shouldNotCrossOnTheVeryFirstValueOfAnInstrument() {
        fx.add(priceRule(1, A, "crosses_below", 100, null));
        fx.add(priceRule(2, A, "crosses_above", 50, null));
        fx.tick(fx.a, 80, at("09:20:00"));
        assertTrue(fx.fires.isEmpty());
    }

    @Test
    void shouldUseTheLastValueSeenBeforeTheRuleWasAdded() {
        fx.tick(fx.a, 110, at("09:20:00"));
        fx.add(priceRule(1, A, "crosses_below", 100, null));
        fx.tick(fx.a, 95, at("09:20:01"));
        assertEquals(List.of(1L), fx.firedIds());
    }

    @Test
    void shouldEvaluateBidAskAndDayOhlcReferences() {
        fx.add(priceRule(1, A, "lte", 99, null).replace("\"price\":99.0}", "\"price\":99.0,\"reference\":\"bid\"}"));
        fx.add(priceRule(2, A, "gte", 101, null).replace("\"price\":101.0}", "\"price\":101.0,\"reference\":\"ask\"}"));
        fx.add(priceRule(3, A, "gte", 105, null).replace("\"price\":105.0}", "\"price\":105.0,\"reference\":\"high\"}").replace("\"user_id\":1", "\"user_id\":1,\"max_fires\":1"));
        fx.add(priceRule(4, A, "lte", 95, null).replace("\"price\":95.0}", "\"price\":95.0,\"reference\":\"low\"}").replace("\"user_id\":1", "\"user_id\":1,\"max_fires\":1"));
        fx.add(priceRule(5, A, "gte", 100, null).replace("\"price\":100.0}", "\"price\":100.0,\"reference\":\"open\"}").replace("\"user_id\":1", "\"user_id\":1,\"max_fires\":1"));
        fx.tick(fx.a, 100, 99.5, 100.5, at("09:15:00")); // day open 100
        assertEquals(List.of(5L), fx.firedIds());
        fx.tick(fx.a, 106, 98.9, 100.5, at("09:16:00")); // high 106, bid ≤ 99
        assertEquals(List.of(5L, 1L, 3L), fx.firedIds());
        fx.tick(fx.a, 94, 93.9, 101.2, at("09:17:00")); // low 94, bid, ask ≥ 101
        assertEquals(List.of(5L, 1L, 3L, 1L, 2L, 4L), fx.firedIds());
    }

    @Test
    void shouldFireExactlyOneOcoLegWhenBothCrossInOneTick() {
        fx.add("[" + priceRule(10, A, "lte", 100, "\"also_cancel_rules\":[11]").replace("\"user_id\":1", "\"user_id\":1,\"max_fires\":1") + ","
            + priceRule(11, A, "gte", 90, "\"also_cancel_rules\":[10]").replace("\"user_id\":1", "\"user_id\":1,\"max_fires\":1") + "]");
        fx.tick(fx.a, 95, at("09:20:00")); // both qualify
        fx.tick(fx.a, 95, at("09:20:01"));
        assertEquals(List.of(10L), fx.firedIds());
        assertFalse(fx.engine.rule(11).isEnabled());
    }

    @Test
    void shouldFireNothingForDisabledRulesAndFireAfterEnableRule() {
        fx.add("[" + priceRule(1, A, "lte", 100, null).replace("\"user_id\":1", "\"user_id\":1,\"enabled\":false") + ","
            + "{\"id\":2,\"user_id\":1,\"instrument_token\":\"" + B + "\",\"trigger_type\":\"price\","
            + "\"trigger_config\":{\"condition\":\"gte\",\"price\":10},\"max_fires\":1,"
            + "\"action_type\":\"enable_rule\",\"action_config\":{\"rule_id\":1}}]");
        fx.tick(fx.a, 90, at("09:20:00"));
        assertTrue(fx.fires.isEmpty());
        fx.tick(fx.b, 11, at("09:20:01"));
        fx.tick(fx.a, 90, at("09:20:02"));
        assertEquals(List.of(2L, 1L), fx.firedIds());
    }

    @Test
    void shouldCancelAnotherRuleWithCancelRule() {
        fx.add("[" + priceRule(1, A, "lte", 100, null) + ","
            + "{\"id\":2,\"user_id\":1,\"instrument_token\":\"" + B + "\",\"trigger_type\":\"price\","
            + "\"trigger_config\":{\"condition\":\"gte\",\"price\":10},\"max_fires\":1,"
            + "\"action_type\":\"cancel_rule\",\"action_config\":{\"rule_id\":1}}]");
        fx.tick(fx.b, 11, at("09:20:00"));
        fx.tick(fx.a, 90, at("09:20:01"));
        assertEquals(List.of(2L), fx.firedIds());
    }

    @Test
    void shouldNeverFireAnExpiredRule() {
        fx.tick(fx.a, 120, at("09:20:00"));
        fx.add(priceRule(1, A, "lte", 100, null).replace("\"user_id\":1", "\"user_id\":1,\"expires_at\":\"2026-11-23T10:00:00+05:30\""));
        fx.tick(fx.a, 99, at("09:59:59"));
        fx.tick(fx.a, 99, at("10:00:00"));
        fx.tick(fx.a, 98, at("10:05:00"));
        assertEquals(List.of(1L), fx.firedIds());
        assertTrue(fx.engine.rule(1).isRetired());
        assertEquals(1, fx.engine.expiredRules());
    }

    @Test
    void shouldNotExpireAReplacementByTheReplacedRulesExpiry() {
        fx.tick(fx.a, 120, at("09:20:00"));
        fx.add(priceRule(1, A, "lte", 100, null).replace("\"user_id\":1", "\"user_id\":1,\"expires_at\":\"2026-11-23T10:00:00+05:30\""));
        fx.add(priceRule(1, A, "lte", 100, null)); // same id, same slot, no expiry
        fx.tick(fx.a, 99, at("10:30:00"));
        assertEquals(List.of(1L), fx.firedIds());
        assertEquals(0, fx.engine.expiredRules());
    }

    @Test
    void shouldNotFireADeletedTimeRulesScheduleForARuleReusingItsLeaf() {
        fx.engine.onTime(at("09:00:00"));
        fx.add("{\"id\":1,\"user_id\":1,\"trigger_type\":\"time\",\"trigger_config\":{\"at\":\"10:00\"},\"action_type\":\"square_off_intraday\"}");
        fx.engine.remove(1);
        fx.add("{\"id\":2,\"user_id\":1,\"trigger_type\":\"time\",\"trigger_config\":{\"at\":\"11:00\"},\"action_type\":\"square_off_intraday\"}");
        fx.engine.onTime(at("10:00:30"));
        assertTrue(fx.fires.isEmpty());
        fx.engine.onTime(at("11:00:00"));
        assertEquals(List.of(2L), fx.firedIds());
    }

    @Test
    void shouldReplaceARuleWithTheSameId() {
        fx.add(priceRule(1, A, "lte", 100, null));
        fx.add(priceRule(1, A, "lte", 50, null));
        fx.tick(fx.a, 90, at("09:20:00"));
        assertTrue(fx.fires.isEmpty());
        fx.tick(fx.a, 50, at("09:20:01"));
        assertEquals(List.of(1L), fx.firedIds());
        assertEquals(1, fx.engine.ruleCount());
    }

    @Test
    void shouldFireSameTickCandidatesInRuleIdOrderAcrossInstrumentsAndReferences() {
        fx.add(priceRule(30, A, "lte", 100, null));
        fx.add(priceRule(20, A, "lte", 101, null));
        fx.add(priceRule(10, A, "lte", 102, null).replace("\"price\":102.0}", "\"price\":102.0,\"reference\":\"bid\"}"));
        fx.tick(fx.a, 99, 98, 100, at("09:20:00"));
        assertEquals(List.of(10L, 20L, 30L), fx.firedIds());
    }

    @Test
    void shouldCarryTheTriggerSnapshot() {
        fx.add(priceRule(1, A, "crosses_below", 100, null));
        fx.tick(fx.a, 101, at("09:20:00"));
        fx.tick(fx.a, 98.5, at("09:20:01"));
        final RuleFixture.Recorded r = fx.fires.get(0);
        assertEquals(fx.a, r.instrumentId());
        assertEquals(Prices.toFixed(98.5), r.price());
        assertEquals(Prices.toFixed(100), r.level());
    }
}
