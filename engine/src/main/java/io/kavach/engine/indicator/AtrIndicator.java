package io.kavach.engine.indicator;

import io.kavach.config.Prices;
import io.kavach.engine.candle.Candle;

/**
 * Average true range with Wilder's smoothing ({@code 1 / period}), seeded with the first true
 * range (as ta4j). True range = max(high − low, |high − previous close|, |previous close − low|);
 * the first candle's is its high − low. Ready after {@code period} candles.
 *
 * <p>Threading: owned by the logic thread.
 */
public final class AtrIndicator implements Indicator {
    private final int period;
    private final ExponentialAverage average;
    private double previousClose;

    public AtrIndicator(final int period) {
        this.period = Indicators.requirePeriod("atr", "period", period);
        this.average = ExponentialAverage.wilder(period);
    }

    @Override
    public void onCandle(final Candle candle) {
        final double high = Prices.toDouble(candle.high);
        final double low = Prices.toDouble(candle.low);
        average.update(trueRange(high, low, previousClose, average.count() == 0));
        previousClose = Prices.toDouble(candle.close);
    }

    static double trueRange(final double high, final double low, final double previousClose, final boolean first) {
        final double range = Math.abs(high - low);
        if (first) {
            return range;
        }
        return Math.max(Math.max(range, Math.abs(high - previousClose)), Math.abs(previousClose - low));
    }

    @Override
    public boolean isReady() {
        return average.count() >= period;
    }

    @Override
    public double value() {
        return average.value();
    }

    @Override
    public void reset() {
        average.reset();
        previousClose = 0;
    }
}
