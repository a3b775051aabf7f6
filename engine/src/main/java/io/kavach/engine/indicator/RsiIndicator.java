package io.kavach.engine.indicator;

import io.kavach.config.Prices;
import io.kavach.engine.candle.Candle;

/**
 * Relative strength index of closes, 0–100, with Wilder's smoothing ({@code 1 / period}) of gains
 * and losses. As ta4j: the first candle contributes a gain and a loss of 0 that seed both
 * averages; RSI is 100 when the average loss is 0 (0 when both are 0). Ready after
 * {@code period + 1} candles, i.e. {@code period} price changes.
 *
 * <p>Threading: owned by the logic thread.
 */
public final class RsiIndicator implements Indicator {
    private final int period;
    private final ExponentialAverage gain;
    private final ExponentialAverage loss;
    private double previousClose;
    private double value = Double.NaN;

    public RsiIndicator(final int period) {
        this.period = Indicators.requirePeriod("rsi", "period", period);
        this.gain = ExponentialAverage.wilder(period);
        this.loss = ExponentialAverage.wilder(period);
    }

    @Override
    public void onCandle(final Candle candle) {
        final double close = Prices.toDouble(candle.close);
        if (gain.count() == 0) {
            gain.update(0.0);
            loss.update(0.0);
        } else {
            gain.update(close > previousClose ? close - previousClose : 0.0);
            loss.update(close < previousClose ? previousClose - close : 0.0);
        }
        previousClose = close;
        final double avgGain = gain.value();
        final double avgLoss = loss.value();
        if (avgLoss == 0.0) {
            value = avgGain == 0.0 ? 0.0 : 100.0;
        } else {
            value = 100.0 - 100.0 / (1.0 + avgGain / avgLoss);
        }
    }

    @Override
    public boolean isReady() {
        return gain.count() > period;
    }

    @Override
    public double value() {
        return value;
    }

    @Override
    public void reset() {
        gain.reset();
        loss.reset();
        previousClose = 0;
        value = Double.NaN;
    }
}
