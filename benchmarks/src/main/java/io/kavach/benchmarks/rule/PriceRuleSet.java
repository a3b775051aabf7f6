package io.kavach.benchmarks.rule;

import io.kavach.config.Prices;
import io.kavach.config.instrument.InstrumentRegistry;
import io.kavach.config.time.MarketCalendar;
import io.kavach.config.time.MarketClock;
import io.kavach.engine.rule.FireHandler;
import io.kavach.engine.rule.RuleDefinition;
import io.kavach.engine.rule.RuleEngine;
import io.kavach.engine.rule.RuleParser;
import io.kavach.engine.rule.RuleRejectedException;

import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A seeded set of price rules over many instruments and a seeded tick stream for them: prices walk
 * in [95, 105] rupees in 0.05 steps, rule levels are spread over the same band, conditions are lte,
 * gte, crosses_above and crosses_below in equal parts, no max_fires (each rule keeps firing).
 */
final class PriceRuleSet {
    static final String[] CONDITIONS = {"lte", "gte", "crosses_above", "crosses_below"};
    static final long SEED = 20_261_121L;

    final InstrumentRegistry registry = new InstrumentRegistry();
    final int instruments;
    final int[] ruleInstrument;
    final int[] ruleCondition;
    final double[] ruleLevel;
    final List<RuleDefinition> definitions;
    final int[] tickInstrument;
    final long[] tickPrice;
    final long[] tickPrevious;
    final long[] tickTime;

    PriceRuleSet(final int rules, final int instruments, final int ticks) {
        this.instruments = instruments;
        for (int i = 0; i < instruments; i++) {
            registry.register("NSE_EQ|BENCH" + i);
        }
        final Random rnd = new Random(SEED);
        ruleInstrument = new int[rules];
        ruleCondition = new int[rules];
        ruleLevel = new double[rules];
        final StringBuilder json = new StringBuilder(rules * 220).append('[');
        for (int r = 0; r < rules; r++) {
            ruleInstrument[r] = rnd.nextInt(instruments);
            ruleCondition[r] = rnd.nextInt(4);
            ruleLevel[r] = 95 + 0.05 * rnd.nextInt(201);
            json.append(r == 0 ? "" : ",").append(ruleJson(r + 1, ruleInstrument[r], CONDITIONS[ruleCondition[r]], ruleLevel[r]));
        }
        json.append(']');
        try {
            definitions = new RuleParser(registry, Map.of()).parse(json.toString(), 0, id -> false);
        } catch (RuleRejectedException e) {
            throw new IllegalStateException(e);
        }
        tickInstrument = new int[ticks];
        tickPrice = new long[ticks];
        tickPrevious = new long[ticks];
        tickTime = new long[ticks];
        final long[] price = new long[instruments];
        final long start = MarketClock.epochMsAt(java.time.LocalDate.of(2026, 11, 23).toEpochDay(), MarketClock.SESSION_OPEN_MINUTE);
        for (int i = 0; i < instruments; i++) {
            price[i] = Prices.toFixed(100);
        }
        for (int t = 0; t < ticks; t++) {
            final int ins = rnd.nextInt(instruments);
            tickInstrument[t] = ins;
            tickPrevious[t] = price[ins];
            price[ins] = Math.max(Prices.toFixed(95), Math.min(Prices.toFixed(105), price[ins] + Prices.toFixed(0.05) * (rnd.nextInt(21) - 10)));
            tickPrice[t] = price[ins];
            tickTime[t] = start + t; // one tick per millisecond: stays inside one session for any tick count used here
        }
    }

    static String ruleJson(final long id, final int instrument, final String condition, final double level) {
        return "{\"id\":" + id + ",\"user_id\":1,\"instrument_token\":\"NSE_EQ|BENCH" + instrument + "\",\"trigger_type\":\"price\","
            + "\"trigger_config\":{\"condition\":\"" + condition + "\",\"price\":" + level + "},"
            + "\"action_type\":\"place_order\",\"action_config\":{\"transaction_type\":\"BUY\",\"quantity\":1,\"order_type\":\"MARKET\"}}";
    }

    RuleEngine newEngine(final FireHandler handler) {
        final RuleEngine engine = new RuleEngine(MarketCalendar.nseDefault(), RuleEngine.TIME_RULE_GRACE_MS_DEFAULT, handler,
            (n, p) -> {
                throw new IllegalArgumentException("no indicators in this benchmark");
            }, instruments);
        for (RuleDefinition d : definitions) {
            engine.add(d);
        }
        return engine;
    }
}
