package io.kavach.engine.indicator;

/**
 * An exponential moving average in ta4j's form: seeded with the first value, then
 * {@code prev + (x - prev) * multiplier}. EMA uses {@code 2 / (period + 1)}, Wilder's smoothing
 * (RSI, ATR) {@code 1 / period}. The operation order matches ta4j's so both agree to the last bit.
 *
 * <p>Threading: owned by the logic thread.
 */
final class ExponentialAverage {
    private final double multiplier;
    private double value = Double.NaN;
    private long count;

    private ExponentialAverage(final double multiplier) {
        this.multiplier = multiplier;
    }

    static ExponentialAverage ema(final int period) {
        return new ExponentialAverage(2.0 / (period + 1));
    }

    static ExponentialAverage wilder(final int period) {
        return new ExponentialAverage(1.0 / period);
    }

    double update(final double x) {
        value = count == 0 ? x : (x - value) * multiplier + value;
        count++;
        return value;
    }

    double value() {
        return value;
    }

    long count() {
        return count;
    }

    void reset() {
        value = Double.NaN;
        count = 0;
    }
}
