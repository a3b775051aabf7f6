package io.kavach.engine.rule;

import io.kavach.config.Prices;
import io.kavach.config.instrument.InstrumentRegistry;
import io.kavach.config.time.MarketCalendar;
import io.kavach.engine.event.EventKind;
import io.kavach.engine.event.InputEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The indexed engine against the scanning reference on seeded random rule sets and ticks. */
class RuleEngineDifferentialTest {
    private static final int INSTRUMENTS = 4;
    private static final String[] CONDITIONS = {"lte", "gte", "crosses_above", "crosses_below"};
    private static final String[] REFERENCES = {"ltp", "bid", "ask", "open", "high", "low"};

    @Test
    void shouldFireExactlyWhatTheScanningReferenceFiresOnRandomRulesAndTicks() throws Exception {
        final long seed = Long.getLong("kavach.seed", System.nanoTime());
        System.out.println("RuleEngineDifferentialTest seed=" + seed + " (rerun with -Dkavach.seed=" + seed + ")");
        final Random rnd = new Random(seed);
        int totalFires = 0;
        for (int round = 0; round < 20; round++) {
            totalFires += runRound(new Random(rnd.nextLong()), seed, round, false);
        }
        assertTrue(totalFires > 1000, "the random streams must exercise firing, got " + totalFires);
    }

    /**
     * Books of hundreds of price rules per reference, always armed: visits start from a book's
     * remembered neighbours and walk the level list a few leaves (small moves), give up and descend
     * the tree (gaps), or run off either end of the list (prices beyond every level).
     */
    @Test
    void shouldFireExactlyWhatTheScanningReferenceFiresOnDensePriceBooks() throws Exception {
        final long seed = Long.getLong("kavach.seed", System.nanoTime());
        System.out.println("RuleEngineDifferentialTest dense seed=" + seed + " (rerun with -Dkavach.seed=" + seed + ")");
        final Random rnd = new Random(seed);
        int totalFires = 0;
        for (int round = 0; round < 10; round++) {
            totalFires += runRound(new Random(rnd.nextLong()), seed, round, true);
        }
        assertTrue(totalFires > 10_000, "the dense books must fire often, got " + totalFires);
    }

    private int runRound(final Random rnd, final long seed, final int round, final boolean dense) throws Exception {
        final InstrumentRegistry registry = new InstrumentRegistry();
        for (int i = 0; i < INSTRUMENTS; i++) {
            registry.register("NSE_EQ|I" + i);
        }
        final List<ScanningRuleEvaluator.Fired> indexed = new ArrayList<>();
        final InputEvent e = new InputEvent();
        final RuleEngine engine = new RuleEngine(MarketCalendar.nseDefault(), RuleEngine.TIME_RULE_GRACE_MS_DEFAULT,
            f -> indexed.add(new ScanningRuleEvaluator.Fired(f.definition.id(), f.fireNumber, f.fireTimeEpochMs)),
            (n, p) -> new FakeIndicator(), INSTRUMENTS);
        final ScanningRuleEvaluator reference = new ScanningRuleEvaluator();
        final RuleParser parser = new RuleParser(registry, Map.of());

        final int ruleCount = dense ? 1_000 + rnd.nextInt(1_000) : 20 + rnd.nextInt(200);
        final StringBuilder json = new StringBuilder("[");
        for (int id = 1; id <= ruleCount; id++) {
            if (id > 1) {
                json.append(',');
            }
            json.append(dense ? denseRule(rnd, id) : randomRule(rnd, id, ruleCount));
        }
        json.append(']');
        for (RuleDefinition d : parser.parse(json.toString(), 0, x -> false)) {
            engine.add(d);
            reference.add(d);
        }

        final long[] price = new long[INSTRUMENTS];
        for (int i = 0; i < INSTRUMENTS; i++) {
            price[i] = Prices.toFixed(100);
        }
        long time = RuleFixture.at("09:15:00");
        final int ticks = 2000;
        for (int t = 0; t < ticks; t++) {
            final int ins = rnd.nextInt(INSTRUMENTS);
            final int move = rnd.nextInt(100) < 3 ? rnd.nextInt(401) - 200 : rnd.nextInt(21) - 10; // occasional gaps
            price[ins] = Math.max(Prices.toFixed(80), Math.min(Prices.toFixed(120), price[ins] + move * Prices.toFixed(0.05)));
            time += 1000 + rnd.nextInt(3000);
            if (rnd.nextInt(500) == 0) {
                time += 86_400_000L; // next session: crosses carry across it, own day OHLC resets
            }
            RuleFixture.fillTick(e, ins, Prices.toDouble(price[ins]), 0, 0, time);
            if (rnd.nextBoolean()) {
                e.depthLevels = 1;
                e.bidPrice[0] = price[ins] - Prices.toFixed(0.05) * rnd.nextInt(3);
                e.askPrice[0] = price[ins] + Prices.toFixed(0.05) * rnd.nextInt(3);
            }
            e.kind = EventKind.MARKET_TICK;
            engine.onMarketTick(e);
            reference.onTick(e);
        }
        int first = 0;
        while (first < Math.min(reference.fired.size(), indexed.size()) && reference.fired.get(first).equals(indexed.get(first))) {
            first++;
        }
        if (first < Math.max(reference.fired.size(), indexed.size())) {
            throw new AssertionError("seed " + seed + " round " + round + ": first difference at fire " + first
                + ": reference " + reference.fired.subList(first, Math.min(first + 5, reference.fired.size()))
                + ", indexed " + indexed.subList(first, Math.min(first + 5, indexed.size())));
        }
        return indexed.size();
    }

    private static String randomRule(final Random rnd, final int id, final int ruleCount) {
        final StringBuilder r = new StringBuilder();
        r.append("{\"id\":").append(id).append(",\"user_id\":1,\"instrument_token\":\"NSE_EQ|I").append(rnd.nextInt(INSTRUMENTS)).append('"');
        if (rnd.nextInt(5) == 0) {
            r.append(",\"enabled\":false");
        }
        final int mf = rnd.nextInt(4);
        if (mf > 0) {
            r.append(",\"max_fires\":").append(mf);
        }
        final int kind = rnd.nextInt(10);
        if (kind < 6) {
            r.append(",\"trigger_type\":\"price\",\"trigger_config\":").append(priceConfig(rnd));
        } else if (kind < 8) {
            r.append(",\"trigger_type\":\"compound\",\"trigger_config\":").append(compoundConfig(rnd, 0));
        } else {
            r.append(",\"trigger_type\":\"trailing_stop\",\"trigger_config\":{\"side\":\"").append(rnd.nextBoolean() ? "long" : "short")
                .append("\",\"trail\":\"");
            if (rnd.nextBoolean()) {
                r.append("points\",\"distance\":").append(0.05 * (1 + rnd.nextInt(60)));
            } else {
                r.append("percent\",\"distance\":").append(0.1 * (1 + rnd.nextInt(30)));
            }
            r.append(",\"activation_price\":").append(rnd.nextBoolean() ? "null" : String.valueOf(95 + rnd.nextInt(11)))
                .append(",\"reference\":\"").append(REFERENCES[rnd.nextInt(3)]).append("\"}");
        }
        final int action = rnd.nextInt(10);
        if (action < 2) {
            r.append(",\"action_type\":\"").append(rnd.nextBoolean() ? "cancel_rule" : "enable_rule")
                .append("\",\"action_config\":{\"rule_id\":").append(1 + rnd.nextInt(ruleCount)).append('}');
        } else {
            r.append(",\"action_type\":\"place_order\",\"action_config\":{\"transaction_type\":\"BUY\",\"quantity\":1,\"order_type\":\"MARKET\"");
            if (rnd.nextInt(3) == 0) {
                r.append(",\"also_cancel_rules\":[").append(1 + rnd.nextInt(ruleCount)).append(']');
            } else if (rnd.nextInt(4) == 0) {
                r.append(",\"also_enable_rules\":[").append(1 + rnd.nextInt(ruleCount)).append(']');
            }
            r.append('}');
        }
        return r.append('}').toString();
    }

    /** An always-armed ltp rule (no max_fires, never disabled) that places an order: about 100 leaves per book. */
    private static String denseRule(final Random rnd, final int id) {
        return "{\"id\":" + id + ",\"user_id\":1,\"instrument_token\":\"NSE_EQ|I" + rnd.nextInt(INSTRUMENTS)
            + "\",\"trigger_type\":\"price\",\"trigger_config\":{\"condition\":\"" + CONDITIONS[rnd.nextInt(4)] + "\",\"price\":"
            + (90 + 0.05 * rnd.nextInt(401)) + "}"
            + ",\"action_type\":\"place_order\",\"action_config\":{\"transaction_type\":\"BUY\",\"quantity\":1,\"order_type\":\"MARKET\"}}";
    }

    private static String priceConfig(final Random rnd) {
        return "{\"condition\":\"" + CONDITIONS[rnd.nextInt(4)] + "\",\"price\":" + (90 + 0.05 * rnd.nextInt(401))
            + ",\"reference\":\"" + REFERENCES[rnd.nextInt(6)] + "\"}";
    }

    private static String compoundConfig(final Random rnd, final int depth) {
        final StringBuilder c = new StringBuilder("{\"operator\":\"").append(rnd.nextBoolean() ? "and" : "or").append("\",\"conditions\":[");
        final int n = 1 + rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                c.append(',');
            }
            if (depth < 2 && rnd.nextInt(4) == 0) {
                c.append("{\"trigger_type\":\"compound\",\"trigger_config\":").append(compoundConfig(rnd, depth + 1)).append('}');
            } else {
                c.append("{\"trigger_type\":\"price\",\"instrument_token\":\"NSE_EQ|I").append(rnd.nextInt(INSTRUMENTS))
                    .append("\",\"trigger_config\":").append(priceConfig(rnd)).append('}');
            }
        }
        return c.append("]}").toString();
    }
}
