package io.kavach.engine.indicator;

import io.kavach.config.Prices;
import io.kavach.engine.candle.Candle;

/**
 * MACD of closes: line = EMA(fast) − EMA(slow), signal = EMA(signal) of the line, histogram =
 * line − signal; every EMA seeded with its first input (as ta4j). Outputs: 0 {@code macd} (the
 * line), 1 {@code signal}, 2 {@code histogram}. Ready after {@code slow + signal − 1} candles.
 *
 * <p>Threading: owned by the logic thread.
 */
public final class MacdIndicator implements Indicator {
    public static final int LINE = 0;
    public static final int SIGNAL = 1;
    public static final int HISTOGRAM = 2;
    private static final String[] OUTPUT_NAMES = {"macd", "signal", "histogram"};

    private final int slowPeriod;
    private final int signalPeriod;
    private final ExponentialAverage fast;
    private final ExponentialAverage slow;
    private final ExponentialAverage signal;
    private double line = Double.NaN;

    public MacdIndicator(final int fastPeriod, final int slowPeriod, final int signalPeriod) {
        Indicators.requirePeriod("macd", "fast", fastPeriod);
        Indicators.requirePeriod("macd", "slow", slowPeriod);
        Indicators.requirePeriod("macd", "signal", signalPeriod);
        if (fastPeriod >= slowPeriod) {
            throw new IllegalArgumentException("macd: fast period (" + fastPeriod + ") must be shorter than slow period (" + slowPeriod + ")");
        }
        this.slowPeriod = slowPeriod;
        this.signalPeriod = signalPeriod;
        this.fast = ExponentialAverage.ema(fastPeriod);
        this.slow = ExponentialAverage.ema(slowPeriod);
        this.signal = ExponentialAverage.ema(signalPeriod);
    }

    @Override
    public void onCandle(final Candle candle) {
        final double close = Prices.toDouble(candle.close);
        line = fast.update(close) - slow.update(close);
        signal.update(line);
    }

    @Override
    public boolean isReady() {
        return slow.count() >= slowPeriod + signalPeriod - 1;
    }

    @Override
    public double value() {
        return line;
    }

    @Override
    public double value(final int index) {
        switch (index) {
            case LINE:
                return line;
            case SIGNAL:
                return signal.value();
            case HISTOGRAM:
                return line - signal.value();
            default:
                throw new IndexOutOfBoundsException("macd has outputs 0..2, not " + index);
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
        signal.reset();
        line = Double.NaN;
    }
}
