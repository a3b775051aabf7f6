package io.kavach.benchmarks.pipeline;

import io.kavach.config.instrument.InstrumentRegistry;
import io.kavach.config.time.MarketCalendar;
import io.kavach.engine.action.MonitorLogSink;
import io.kavach.engine.action.OrderOutbox;
import io.kavach.engine.action.TradeMonitor;
import io.kavach.engine.indicator.Indicators;
import io.kavach.engine.risk.RiskLimits;
import io.kavach.engine.rule.RuleEngine;
import io.kavach.engine.rule.RuleRejectedException;

import java.util.Map;
import java.util.Random;

/**
 * Active price rules for a {@link TickStream}'s instruments, as a trader's book of stops and targets
 * looks: each rule watches one instrument (round-robin), {@code crosses_above} or
 * {@code crosses_below} a level spread uniformly over ±10% of the instrument's opening price (0.05
 * steps), unlimited {@code max_fires}, and places a one-lot MARKET order when it fires. With 1,000
 * rules per instrument a tick crosses about half a rule on average, so intents keep coming.
 * No risk limits or order cap (the benchmark measures evaluation, not refusals).
 *
 * <p>Threading: built on the set-up thread; the returned monitor belongs to the logic thread.
 */
public final class PriceRuleBook {
    private PriceRuleBook() {
    }

    /** A {@link TradeMonitor} holding {@code rules} active price rules; register it as a candle listener too. */
    public static TradeMonitor monitor(final TickStream ticks, final InstrumentRegistry registry, final int rules, final long seed,
                                       final OrderOutbox outbox, final MonitorLogSink monitorLog) {
        final TradeMonitor monitor = new TradeMonitor(registry, Map.of(), MarketCalendar.nseDefault(), Indicators::create,
            new RiskLimits(0, 0, false), RuleEngine.TIME_RULE_GRACE_MS_DEFAULT, outbox, monitorLog);
        final String[] keys = ticks.keys();
        final Random random = new Random(seed);
        final int chunk = 10_000;
        for (int from = 0; from < rules; from += chunk) {
            final StringBuilder json = new StringBuilder(chunk * 260).append('[');
            for (int r = from; r < Math.min(rules, from + chunk); r++) {
                final int i = r % keys.length;
                final double open = ticks.price(i);
                final double level = Math.round(open * (0.9 + 0.2 * random.nextDouble()) * 20) / 20.0;
                json.append(r == from ? "" : ",").append("{\"id\":").append(r + 1).append(",\"user_id\":1,\"instrument_token\":\"")
                    .append(keys[i]).append("\",\"trigger_type\":\"price\",\"trigger_config\":{\"condition\":\"")
                    .append((r & 1) == 0 ? "crosses_above" : "crosses_below").append("\",\"price\":").append(level)
                    .append("},\"action_type\":\"place_order\",\"action_config\":{\"transaction_type\":\"BUY\",\"quantity\":1,\"order_type\":\"MARKET\"}}");
            }
            json.append(']');
            try {
                monitor.addRules(json.toString(), 0);
            } catch (RuleRejectedException e) {
                throw new IllegalStateException(String.join("; ", e.problems()), e);
            }
        }
        return monitor;
    }
}
