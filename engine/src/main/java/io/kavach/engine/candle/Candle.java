package io.kavach.engine.candle;

/**
 * One candle: a mutable holder reused by the candle book. Prices are fixed point
 * ({@link io.kavach.config.Prices#PRICE_SCALE}). A listener receiving a closed candle must copy
 * what it needs; the object is reused for the next candle.
 *
 * <p>Threading: owned by the logic thread.
 */
public final class Candle {
    public int instrumentId;
    public Timeframe timeframe;
    /** Inclusive start and exclusive end, epoch ms. */
    public long startEpochMs;
    public long endEpochMs;
    public long open;
    public long high;
    public long low;
    public long close;
    public long volume;
    public int tickCount;

    public void copyFrom(final Candle other) {
        instrumentId = other.instrumentId;
        timeframe = other.timeframe;
        startEpochMs = other.startEpochMs;
        endEpochMs = other.endEpochMs;
        open = other.open;
        high = other.high;
        low = other.low;
        close = other.close;
        volume = other.volume;
        tickCount = other.tickCount;
    }
}
