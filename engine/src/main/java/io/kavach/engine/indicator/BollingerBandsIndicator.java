package io.kavach.engine.indicator;

import io.kavach.config.Prices;
import io.kavach.engine.candle.Candle;

/**
 * Bollinger bands of closes: middle = SMA(period), upper/lower = middle ± k × standard deviation,
 * the <em>population</em> deviation (divide by n) over the same window, as ta4j and most charting
 * platforms. The window sum is exact fixed point; the deviation is recomputed from the window
 * around the mean (O(period)) so it never drifts or cancels at high price levels. Outputs: 0 {@code middle}, 1 {@code upper}, 2
 * {@code lower}. Ready after {@code period} candles.
 *
 * <p>Threading: owned by the logic thread.
 */
public final class BollingerBandsIndicator implements Indicator {
    public static final int MIDDLE = 0;
    public static final int UPPER = 1;
    public static final int LOWER = 2;
    private static final String[] OUTPUT_NAMES = {"middle", "upper", "lower"};

    private final int period;
    private final double k;
    private final long[] window;
    private long count;
    private long sumFixed;
    private double middle = Double.NaN;
    private double deviation = Double.NaN;

    public BollingerBandsIndicator(final int period, final double k) {
        this.period = Indicators.requirePeriod("bollinger", "period", period);
        this.k = Indicators.requirePositive("bollinger", "k", k);
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
        final int n = (int) Math.min(count, period);
        middle = Prices.toDouble(sumFixed) / n;
        double squares = 0;
        for (int i = 0; i < n; i++) {
            final double d = Prices.toDouble(window[i]) - middle;
            squares += d * d;
        }
        deviation = Math.sqrt(squares / n);
    }

    @Override
    public boolean isReady() {
        return count >= period;
    }

    @Override
    public double value() {
        return middle;
    }

    @Override
    public double value(final int index) {
        switch (index) {
            case MIDDLE:
                return middle;
            case UPPER:
                return middle + deviation * k;
            case LOWER:
                return middle - deviation * k;
            default:
                throw new IndexOutOfBoundsException("bollinger has outputs 0..2, not " + index);
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
        count = 0;
        sumFixed = 0;
        middle = Double.NaN;
        deviation = Double.NaN;
    }
}
