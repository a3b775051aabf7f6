package io.kavach.sim.scenario;

import io.kavach.config.Prices;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded random walk over N instruments: ticks arrive at {@code ticksPerSecond} of market time,
 * each on a randomly chosen instrument, moving its price by 0 to ±2 ticks of 0.05. The same seed
 * gives the same stream, byte for byte.
 *
 * <p>Built on any thread, then used only on the simulator loop.
 */
public final class RandomWalkScenario implements Scenario {
    public static final long TICK_SIZE_FIXED = Prices.toFixed(0.05);

    private final List<InstrumentSpec> instruments;
    private final SplittableRandom random;
    private final long[] prices;
    private final double ticksPerSecond;
    private final long startMarketTimeMs;
    private final long maxTicks;
    private long produced;

    /**
     * @param keys           instrument keys to tick; {@link #defaultKeys(int)} makes NSE equity keys
     * @param ticksPerSecond ticks per second of market time over all instruments
     * @param maxTicks       ticks after which the scenario ends; 0 = never
     */
    public RandomWalkScenario(final long seed, final List<String> keys, final double ticksPerSecond,
                              final long startMarketTimeMs, final long maxTicks) {
        if (keys.isEmpty() || ticksPerSecond <= 0) {
            throw new IllegalArgumentException("a random walk needs at least one key and a positive tick rate");
        }
        this.random = new SplittableRandom(seed);
        this.ticksPerSecond = ticksPerSecond;
        this.startMarketTimeMs = startMarketTimeMs;
        this.maxTicks = maxTicks;
        this.prices = new long[keys.size()];
        final List<InstrumentSpec> specs = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            prices[i] = (2_000L + random.nextLong(58_000L)) * TICK_SIZE_FIXED; // 100.00 … 3,000.00
            final String key = keys.get(i);
            specs.add(new InstrumentSpec(key, key.substring(key.indexOf('|') + 1), prices[i]));
        }
        this.instruments = List.copyOf(specs);
    }

    /** {@code NSE_EQ|INESIM000001} … : ISIN-shaped equity keys no real instrument uses. */
    public static List<String> defaultKeys(final int count) {
        final List<String> keys = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            keys.add(String.format("NSE_EQ|INESIM%06d", i));
        }
        return keys;
    }

    @Override
    public List<InstrumentSpec> instruments() {
        return instruments;
    }

    @Override
    public long startMarketTimeMs() {
        return startMarketTimeMs;
    }

    @Override
    public boolean next(final Tick into) {
        if (maxTicks > 0 && produced >= maxTicks) {
            return false;
        }
        final int i = random.nextInt(prices.length);
        final long move = (random.nextInt(5) - 2) * TICK_SIZE_FIXED;
        prices[i] = Math.max(TICK_SIZE_FIXED, prices[i] + move);
        final long timeMs = startMarketTimeMs + (long) (produced * 1000.0 / ticksPerSecond);
        produced++;
        into.set(instruments.get(i).instrumentKey(), timeMs, prices[i], 1 + random.nextInt(500));
        return true;
    }
}
