package io.kavach.engine.candle;

/**
 * Called by the candle book on the logic thread when a candle closes (event time passed its end,
 * by a tick or a timer). Candles of one instrument close in time order; for one close time the
 * shorter timeframes come first. Implementations must not retain {@code candle}.
 */
@FunctionalInterface
public interface CandleListener {
    void onCandleClosed(Candle candle);
}
