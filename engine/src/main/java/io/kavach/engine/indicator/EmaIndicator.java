package io.kavach.engine.indicator;

import io.kavach.config.Prices;
import io.kavach.engine.candle.Candle;

/**
 * Exponential moving average of closes, multiplier {@code 2 / (period + 1)}, seeded with the first
 * close (as ta4j; TradingView seeds with an SMA, the difference decays as {@code (1-α)^n}). Ready
 * after {@code period} candles.
 *
 * <p>Threading: owned by the logic thread.
 */
public final class EmaIndicator implements Indicator {
    private final int period;
    private final ExponentialAverage ema;

    public EmaIndicator(final int period) {
        this.period = Indicators.requirePeriod("ema", "period", period);
        this.ema = ExponentialAverage.ema(period);
    }

    @Override
    public void onCandle(final Candle candle) {
        ema.update(Prices.toDouble(candle.close));
    }

    @Override
    public boolean isReady() {
        return ema.count() >= period;
    }

    @Override
    public double value() {
        return ema.value();
    }

    @Override
    public void reset() {
        ema.reset();
    }
}
