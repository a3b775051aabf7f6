package io.kavach.engine.indicator;

import io.kavach.config.Prices;
import io.kavach.config.time.MarketClock;
import io.kavach.engine.candle.Candle;

/**
 * Session VWAP: Σ(typical price × volume) / Σ volume over the candles of the current IST trading
 * day, typical price = (high + low + close) / 3. Resets with the first candle of a new IST day
 * (with default candle settings that is the 09:15 candle). While the session's volume is 0 — index
 * instruments carry none — there is no VWAP: {@link #value()} is NaN and {@link #isReady()} false,
 * rather than a made-up equal-weight average.
 *
 * <p>Threading: owned by the logic thread.
 */
public final class SessionVwapIndicator implements Indicator {
    private static final long NO_DAY = Long.MIN_VALUE;

    private long sessionDay = NO_DAY;
    private double priceVolume;
    private double volume;

    @Override
    public void onCandle(final Candle candle) {
        final long day = MarketClock.istEpochDay(candle.startEpochMs);
        if (day != sessionDay) {
            sessionDay = day;
            priceVolume = 0;
            volume = 0;
        }
        final double typical = (Prices.toDouble(candle.high) + Prices.toDouble(candle.low) + Prices.toDouble(candle.close)) / 3.0;
        final double v = candle.volume;
        priceVolume += typical * v;
        volume += v;
    }

    @Override
    public boolean isReady() {
        return volume > 0;
    }

    @Override
    public double value() {
        return volume > 0 ? priceVolume / volume : Double.NaN;
    }

    @Override
    public void reset() {
        sessionDay = NO_DAY;
        priceVolume = 0;
        volume = 0;
    }
}
