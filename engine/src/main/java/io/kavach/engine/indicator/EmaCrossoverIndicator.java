package io.kavach.engine.indicator;

import io.kavach.config.Prices;
import io.kavach.engine.candle.Candle;

/**
 * Fast EMA minus slow EMA of closes, for crossover rules: the sign flips when the fast average
 * crosses the slow one. Outputs: 0 {@code diff}, 1 {@code fast}, 2 {@code slow}. EMAs as
 * {@link EmaIndicator}. Ready after {@code slow} candles.
 *
 * <p>Threading: owned by the logic thread.
 */
public final class EmaCrossoverIndicator implements Indicator {
    public static final int DIFF = 0;
    public static final int FAST = 1;
    public static final int SLOW = 2;
    private static final String[] OUTPUT_NAMES = {"diff", "fast", "slow"};

    private final int slowPeriod;
    private final ExponentialAverage fast;
    private final ExponentialAverage slow;

    public EmaCrossoverIndicator(final int fastPeriod, final int slowPeriod) {
        Indicators.requirePeriod("ema_crossover", "fast", fastPeriod);
        Indicators.requirePeriod("ema_crossover", "slow", slowPeriod);
        if (fastPeriod >= slowPeriod) {
            throw new IllegalArgumentException("ema_crossover: fast period (" + fastPeriod + ") must be shorter than slow period (" + slowPeriod + ")");
        }
        this.slowPeriod = slowPeriod;
        this.fast = ExponentialAverage.ema(fastPeriod);
        this.slow = ExponentialAverage.ema(slowPeriod);
    }

    @Override
    public void onCandle(final Candle candle) {
        final double close = Prices.toDouble(candle.close);
        fast.update(close);
        slow.update(close);
    }

    @Override
    public boolean isReady() {
        return slow.count() >= slowPeriod;
    }

    @Override
    public double value() {
        return fast.value() - slow.value();
    }

    @Override
    public double value(final int index) {
        switch (index) {
            case DIFF:
                return value();
            case FAST:
                return fast.value();
            case SLOW:
                return slow.value();
            default:
                throw new IndexOutOfBoundsException("ema_crossover has outputs 0..2, not " + index);
        }
    }

    @Override
    public int outputs() {
        return 3;
    }

    @Override
    public String outputName(final int index) {
        return OUTPUT_NAMES[index];
    }

    @Override
    public void reset() {
        fast.reset();
        slow.reset();
    }
}
