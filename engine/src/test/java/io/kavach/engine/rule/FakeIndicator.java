package io.kavach.engine.rule;

import io.kavach.config.Prices;
import io.kavach.engine.candle.Candle;
import io.kavach.engine.indicator.Indicator;

/** An indicator whose value is the last closed candle's close in rupees; ready from the second candle. */
final class FakeIndicator implements Indicator {
    private int candles;
    private double value = Double.NaN;

    @Override
    public void onCandle(final Candle candle) {
        candles++;
        value = Prices.toDouble(candle.close);
    }

    @Override
    public boolean isReady() {
        return candles >= 2;
    }

    @Override
    public double value() {
        return value;
    }

    @Override
    public void reset() {
        candles = 0;
        value = Double.NaN;
    }
}
