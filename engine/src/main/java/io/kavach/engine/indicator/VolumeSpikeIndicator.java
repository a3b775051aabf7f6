package io.kavach.engine.indicator;

import io.kavach.engine.candle.Candle;

/**
 * Volume-spike ratio: the candle's volume over the average volume of the {@code period} candles
 * <em>before</em> it (the current candle is left out so it cannot dilute its own spike; fewer
 * candles while warming up). Plain IEEE division: x / 0 is +∞ (volume after a dead stretch), 0 / 0
 * is NaN (no volume at all, as for indices) and compares false with any threshold. NaN before the
 * second candle; ready after {@code period + 1} candles.
 *
 * <p>Threading: owned by the logic thread.
 */
public final class VolumeSpikeIndicator implements Indicator {
    private final int period;
    private final long[] window;
    private long count;
    private long sum;
    private double value = Double.NaN;

    public VolumeSpikeIndicator(final int period) {
        this.period = Indicators.requirePeriod("volume_spike", "period", period);
        this.window = new long[period];
    }

    @Override
    public void onCandle(final Candle candle) {
        final long volume = candle.volume;
        if (count > 0) {
            final double average = (double) sum / Math.min(count, period);
            value = volume / average;
        }
        final int slot = (int) (count % period);
        if (count >= period) {
            sum -= window[slot];
        }
        window[slot] = volume;
        sum += volume;
        count++;
    }

    @Override
    public boolean isReady() {
        return count > period;
    }

    @Override
    public double value() {
        return value;
    }

    @Override
    public void reset() {
        count = 0;
        sum = 0;
        value = Double.NaN;
    }
}
