package io.kavach.engine.pipeline;

import io.kavach.engine.candle.Candle;
import io.kavach.engine.candle.CandleListener;
import io.kavach.engine.candle.Timeframe;
import io.kavach.engine.indicator.Indicator;
import io.kavach.engine.indicator.IndicatorSpec;

import java.util.List;

/**
 * Every indicator of a spec list, per instrument and timeframe, updated on each closed candle and
 * read back (every output), as a rule engine would. Also remembers which thread delivered the closes
 * (the ring's logic thread) so the test can read that thread's allocation counter.
 *
 * <p>Threading: the logic thread; {@link #logicThreadId()} and the counters are read by the test
 * thread after the ring has drained.
 */
final class IndicatorBank implements CandleListener {
    private final Indicator[][][] byInstrument;
    private volatile long logicThreadId;
    private long updates;
    private double checksum;

    IndicatorBank(final int instruments, final List<IndicatorSpec> specs) {
        byInstrument = new Indicator[instruments][Timeframe.count()][specs.size()];
        for (int i = 0; i < instruments; i++) {
            for (int f = 0; f < Timeframe.count(); f++) {
                for (int k = 0; k < specs.size(); k++) {
                    byInstrument[i][f][k] = specs.get(k).create();
                }
            }
        }
    }

    @Override
    public void onCandleClosed(final Candle candle) {
        if (logicThreadId == 0) {
            logicThreadId = Thread.currentThread().getId();
        }
        final Indicator[] indicators = byInstrument[candle.instrumentId][candle.timeframe.ordinal()];
        for (Indicator indicator : indicators) {
            indicator.onCandle(candle);
            if (indicator.isReady()) {
                for (int o = 0; o < indicator.outputs(); o++) {
                    final double v = indicator.value(o);
                    if (Double.isFinite(v)) { // a volume-spike ratio is NaN/∞ over zero volume, by design
                        checksum += v;
                    }
                }
            }
            updates++;
        }
    }

    long logicThreadId() {
        return logicThreadId;
    }

    long updates() {
        return updates;
    }

    double checksum() {
        return checksum;
    }
}
