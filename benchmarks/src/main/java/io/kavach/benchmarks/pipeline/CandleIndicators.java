package io.kavach.benchmarks.pipeline;

import io.kavach.engine.candle.Candle;
import io.kavach.engine.candle.CandleListener;
import io.kavach.engine.candle.Timeframe;
import io.kavach.engine.indicator.Indicator;
import io.kavach.engine.indicator.IndicatorSpec;

import java.util.List;

/**
 * The indicators a strategy watches, per instrument and timeframe, updated on each closed candle
 * and read back (every output) as a rule engine would: RSI(14), EMA(9) and MACD(12, 26, 9) by
 * default.
 *
 * <p>Threading: the logic thread.
 */
public final class CandleIndicators implements CandleListener {
    public static final String DEFAULT_SPECS = "rsi:14,ema:9,macd:12:26:9";

    private final Indicator[][][] byInstrument;
    private long updates;
    private double checksum;

    public CandleIndicators(final int instruments, final String specs) {
        final List<IndicatorSpec> list = IndicatorSpec.parseList(specs);
        byInstrument = new Indicator[instruments][Timeframe.count()][list.size()];
        for (int i = 0; i < instruments; i++) {
            for (int f = 0; f < Timeframe.count(); f++) {
                for (int k = 0; k < list.size(); k++) {
                    byInstrument[i][f][k] = list.get(k).create();
                }
            }
        }
    }

    @Override
    public void onCandleClosed(final Candle candle) {
        for (Indicator indicator : byInstrument[candle.instrumentId][candle.timeframe.ordinal()]) {
            indicator.onCandle(candle);
            for (int o = 0; o < indicator.outputs(); o++) {
                checksum += indicator.value(o);
            }
            updates++;
        }
    }

    public long updates() {
        return updates;
    }

    public double checksum() {
        return checksum;
    }
}
