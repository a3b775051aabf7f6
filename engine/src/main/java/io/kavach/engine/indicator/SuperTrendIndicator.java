package io.kavach.engine.indicator;

import io.kavach.config.Prices;
import io.kavach.engine.candle.Candle;

/**
 * SuperTrend on Wilder ATR(period): basic bands = (high + low) / 2 ± multiplier × ATR; the final
 * upper band only moves down (the lower only up) unless the previous close broke through it; the
 * line follows the lower band in an up-trend and flips to the upper band when a close falls below
 * the lower band (and back when a close rises above the upper band). Same recurrence as ta4j 0.17,
 * including its start (first candle: line 0, trend taken as up). Outputs: 0 {@code value} (the
 * line), 1 {@code direction} (+1 up-trend, line below price; −1 down-trend), 2 {@code upper},
 * 3 {@code lower} (final bands). Ready after {@code period} candles.
 *
 * <p>Threading: owned by the logic thread.
 */
public final class SuperTrendIndicator implements Indicator {
    public static final int VALUE = 0;
    public static final int DIRECTION = 1;
    public static final int UPPER = 2;
    public static final int LOWER = 3;
    private static final String[] OUTPUT_NAMES = {"value", "direction", "upper", "lower"};

    private final int period;
    private final double multiplier;
    private final ExponentialAverage atr;
    private double previousClose;
    private double upper = Double.NaN;
    private double lower = Double.NaN;
    private double line = Double.NaN;
    private double direction = Double.NaN;

    public SuperTrendIndicator(final int period, final double multiplier) {
        this.period = Indicators.requirePeriod("supertrend", "period", period);
        this.multiplier = Indicators.requirePositive("supertrend", "multiplier", multiplier);
        this.atr = ExponentialAverage.wilder(period);
    }

    @Override
    public void onCandle(final Candle candle) {
        final double high = Prices.toDouble(candle.high);
        final double low = Prices.toDouble(candle.low);
        final double close = Prices.toDouble(candle.close);
        final boolean first = atr.count() == 0;
        final double range = atr.update(AtrIndicator.trueRange(high, low, previousClose, first));
        final double median = (high + low) / 2;
        final double basicUpper = median + multiplier * range;
        final double basicLower = median - multiplier * range;
        if (first) {
            upper = basicUpper;
            lower = 0; // ta4j's lower band starts at 0, which makes the first trend "up"
            line = 0;
            direction = 1;
        } else {
            final double previousUpper = upper;
            final double previousLower = lower;
            final double previousLine = line;
            upper = basicUpper < previousUpper || previousClose > previousUpper ? basicUpper : previousUpper;
            lower = basicLower > previousLower || previousClose < previousLower ? basicLower : previousLower;
            double next = 0;
            if (previousLine == previousUpper) {
                if (close <= upper) {
                    next = upper;
                } else if (close > upper) {
                    next = lower;
                }
            }
            if (previousLine == previousLower) {
                if (close >= lower) {
                    next = lower;
                } else if (close < lower) {
                    next = upper;
                }
            }
            line = next;
            direction = next == lower ? 1 : -1;
        }
        previousClose = close;
    }

    @Override
    public boolean isReady() {
        return atr.count() >= period;
    }

    @Override
    public double value() {
        return line;
    }

    @Override
    public double value(final int index) {
        switch (index) {
            case VALUE:
                return line;
            case DIRECTION:
                return direction;
            case UPPER:
                return upper;
            case LOWER:
                return lower;
            default:
                throw new IndexOutOfBoundsException("supertrend has outputs 0..3, not " + index);
        }
    }

    @Override
    public int outputs() {
        return 4;
    }

    @Override
    public String outputName(final int index) {
        return OUTPUT_NAMES[index];
    }

    @Override
    public void reset() {
        atr.reset();
        previousClose = 0;
        upper = Double.NaN;
        lower = Double.NaN;
        line = Double.NaN;
        direction = Double.NaN;
    }
}
