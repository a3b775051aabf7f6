package io.kavach.engine.indicator;

import io.kavach.config.Prices;
import io.kavach.engine.candle.Candle;

/**
 * Simple moving average of the last {@code period} closes (of all closes while fewer have arrived).
 * The window sum is kept in exact fixed point, so it never drifts. Ready after {@code period} candles.
 *
 * <p>Threading: owned by the logic thread.
 */
public final class SmaIndicator implements Indicator {
    private final int period;
    private final long[] window;
    private long count;
    private long sumFixed;

    public SmaIndicator(final int period) {
        this.period = Indicators.requirePeriod("sma", "period", period);
        this.window = new long[period];
    }

    @Override
    public void onCandle(final Candle candle) {
        final int slot = (int) (count % period);
        if (count >= period) {
            sumFixed -= window[slot];
        }
        window[slot] = candle.close;
        sumFixed += candle.close;
        count++;
    }

    @Override
    public boolean isReady() {
        return count >= period;
    }

    @Override
    public double value() {
        return count == 0 ? Double.NaN : Prices.toDouble(sumFixed) / Math.min(count, period);
    }

    @Override
    public void reset() {
        count = 0;
        sumFixed = 0;
    }
}
