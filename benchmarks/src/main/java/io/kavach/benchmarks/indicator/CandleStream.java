package io.kavach.benchmarks.indicator;

import io.kavach.config.Prices;
import io.kavach.config.time.MarketClock;
import io.kavach.engine.candle.Candle;
import io.kavach.engine.candle.Timeframe;

import java.util.Random;

/**
 * A seeded random walk of one-minute candles in parallel arrays, cycled by the benchmarks so every
 * operation sees a different candle; {@link #next} fills one reused {@link Candle} as the candle
 * book would.
 */
final class CandleStream {
    static final int SIZE = 1 << 14;
    static final int MASK = SIZE - 1;

    final long[] start = new long[SIZE];
    final long[] open = new long[SIZE];
    final long[] high = new long[SIZE];
    final long[] low = new long[SIZE];
    final long[] close = new long[SIZE];
    final long[] volume = new long[SIZE];
    private final Candle candle = new Candle();
    private int index;

    CandleStream(final long seed) {
        final Random r = new Random(seed);
        long price = Prices.toFixed(18_000);
        final long tick = Prices.toFixed(0.05);
        final long firstDay = java.time.LocalDate.of(2023, 1, 2).toEpochDay();
        for (int i = 0; i < SIZE; i++) {
            start[i] = MarketClock.epochMsAt(firstDay + i / 375, MarketClock.SESSION_OPEN_MINUTE + i % 375);
            open[i] = price;
            close[i] = Math.max(tick, price + tick * (r.nextInt(81) - 40));
            high[i] = Math.max(open[i], close[i]) + tick * r.nextInt(20);
            low[i] = Math.max(tick, Math.min(open[i], close[i]) - tick * r.nextInt(20));
            volume[i] = r.nextInt(100_000);
            price = close[i];
        }
        candle.timeframe = Timeframe.M1;
    }

    Candle next() {
        final int i = index++ & MASK;
        candle.startEpochMs = start[i];
        candle.endEpochMs = start[i] + MarketClock.MS_PER_MINUTE;
        candle.open = open[i];
        candle.high = high[i];
        candle.low = low[i];
        candle.close = close[i];
        candle.volume = volume[i];
        candle.tickCount = 4;
        return candle;
    }
}
