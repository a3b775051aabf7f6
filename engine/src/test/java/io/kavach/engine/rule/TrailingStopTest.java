package io.kavach.engine.rule;

import io.kavach.config.Prices;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Trailing stops against a naive reference that recomputes the best price from the whole history on every tick. */
class TrailingStopTest {

    /** Index of the tick that fires a one-shot trailing stop, or -1. */
    private static int naiveFireIndex(final long[] prices, final boolean longSide, final boolean percent, final long distance,
                                      final long activation) {
        int activatedAt = -1;
        for (int i = 0; i < prices.length; i++) {
            if (activatedAt < 0) {
                if (activation < 0 || (longSide ? prices[i] >= activation : prices[i] <= activation)) {
                    activatedAt = i;
                }
                continue;
            }
            long best = prices[activatedAt];
            for (int k = activatedAt; k <= i; k++) {
                best = longSide ? Math.max(best, prices[k]) : Math.min(best, prices[k]);
            }
            final long offset = percent ? Math.round(best * (distance / 100_000_000.0)) : distance;
            if (longSide ? prices[i] <= best - offset : prices[i] >= best + offset) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void shouldFireWhereTheNaiveReferenceFiresOnRandomWalks() {
        final long seed = Long.getLong("kavach.seed", System.nanoTime());
        System.out.println("TrailingStopTest seed=" + seed);
        final Random rnd = new Random(seed);
        int fired = 0;
        for (int round = 0; round < 300; round++) {
            final RuleFixture fx = new RuleFixture();
            final boolean longSide = rnd.nextBoolean();
            final boolean percent = rnd.nextBoolean();
            final double distance = percent ? 0.1 * (1 + rnd.nextInt(40)) : 0.05 * (1 + rnd.nextInt(200));
            final Double activation = rnd.nextBoolean() ? null : 95.0 + rnd.nextInt(11);
            fx.add("{\"id\":1,\"user_id\":1,\"instrument_token\":\"" + RuleFixture.A + "\",\"trigger_type\":\"trailing_stop\","
                + "\"trigger_config\":{\"side\":\"" + (longSide ? "long" : "short") + "\",\"trail\":\"" + (percent ? "percent" : "points")
                + "\",\"distance\":" + distance + ",\"activation_price\":" + activation + "},\"max_fires\":1,"
                + "\"action_type\":\"place_order\",\"action_config\":{\"transaction_type\":\"SELL\",\"quantity\":1,\"order_type\":\"MARKET\"}}");
            final long[] prices = new long[500];
            long p = Prices.toFixed(100);
            for (int i = 0; i < prices.length; i++) {
                p = Math.max(Prices.toFixed(1), p + Prices.toFixed(0.05) * (rnd.nextInt(41) - 20));
                prices[i] = p;
            }
            final int expected = naiveFireIndex(prices, longSide, percent, Prices.toFixed(distance),
                activation == null ? -1 : Prices.toFixed(activation));
            int actual = -1;
            for (int i = 0; i < prices.length; i++) {
                fx.tick(fx.a, Prices.toDouble(prices[i]), RuleFixture.at("09:20:00") + i * 1000L);
                if (actual < 0 && !fx.fires.isEmpty()) {
                    actual = i;
                }
            }
            assertEquals(expected, actual, "seed " + seed + " round " + round);
            assertTrue(fx.fires.size() <= 1);
            if (actual >= 0) {
                fired++;
            }
        }
        assertTrue(fired > 50, "the walks must exercise firing, got " + fired);
    }
}
