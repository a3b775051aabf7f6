package io.kavach.engine.indicator;

import io.kavach.engine.candle.Candle;

/**
 * An incremental technical indicator fed one closed candle at a time. Allocation-free after
 * construction; values are {@code double} in rupees (or a ratio, for ratio indicators).
 *
 * <p>Threading: owned by the logic thread.
 */
public interface Indicator {
    /** Folds one closed candle in. */
    void onCandle(Candle candle);

    /** True once enough candles arrived for {@link #value()} to be meaningful (past warm-up). */
    boolean isReady();

    /** The primary value (e.g. MACD line, Bollinger middle band, SuperTrend line). */
    double value();

    /** Output {@code index} for multi-output indicators (see each implementation); 0 is the primary value. */
    default double value(final int index) {
        if (index != 0) {
            throw new IndexOutOfBoundsException("output " + index);
        }
        return value();
    }

    /** How many outputs {@link #value(int)} serves. */
    default int outputs() {
        return 1;
    }

    /**
     * The name of output {@code index} for output objects (e.g. {@code "signal"} for MACD);
     * {@code "value"} for single-output indicators. Constant strings, no allocation.
     */
    default String outputName(final int index) {
        if (index != 0) {
            throw new IndexOutOfBoundsException("output " + index);
        }
        return "value";
    }

    /** Clears all state, as if freshly constructed. */
    void reset();
}
