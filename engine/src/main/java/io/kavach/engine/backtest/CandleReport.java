package io.kavach.engine.backtest;

import io.kavach.config.instrument.InstrumentRegistry;
import io.kavach.engine.candle.Candle;
import io.kavach.engine.candle.CandleListener;
import io.kavach.engine.candle.Timeframe;
import io.kavach.engine.indicator.Indicator;
import io.kavach.engine.indicator.IndicatorSpec;
import io.kavach.engine.output.JsonLines;

import java.util.List;

/**
 * Writes one JSON line per closed candle of the reported timeframe, with the requested indicators
 * updated on that candle: {@code {"instrument","timeframe","start","open","high","low","close",
 * "volume","indicators":{"rsi:14":…, "macd:12:26:9":{"macd":…,"signal":…,"histogram":…}}}}.
 * An indicator still in warm-up is {@code null}.
 *
 * <p>Threading: the logic thread (a {@link CandleListener}).
 */
public final class CandleReport implements CandleListener {
    private final InstrumentRegistry instruments;
    private final Timeframe timeframe;
    private final List<IndicatorSpec> specs;
    private final JsonLines out;
    private Indicator[][] indicatorsByInstrument = new Indicator[16][];
    private long candles;

    public CandleReport(final InstrumentRegistry instruments, final Timeframe timeframe, final List<IndicatorSpec> specs,
                        final JsonLines out) {
        this.instruments = instruments;
        this.timeframe = timeframe;
        this.specs = specs;
        this.out = out;
    }

    @Override
    public void onCandleClosed(final Candle c) {
        if (c.timeframe != timeframe) {
            return;
        }
        final Indicator[] indicators = indicatorsFor(c.instrumentId);
        for (Indicator indicator : indicators) {
            indicator.onCandle(c);
        }
        out.begin()
            .field("instrument").value(instruments.keyOf(c.instrumentId))
            .field("timeframe").value(timeframe.label)
            .field("start").timestamp(c.startEpochMs)
            .field("open").price(c.open)
            .field("high").price(c.high)
            .field("low").price(c.low)
            .field("close").price(c.close)
            .field("volume").value(c.volume)
            .field("indicators").openObject();
        for (int i = 0; i < indicators.length; i++) {
            final Indicator ind = indicators[i];
            out.field(specs.get(i).key());
            if (!ind.isReady()) {
                out.nullValue();
            } else if (ind.outputs() == 1) {
                out.value(ind.value());
            } else {
                out.openObject();
                for (int o = 0; o < ind.outputs(); o++) {
                    out.field(ind.outputName(o)).value(ind.value(o));
                }
                out.closeObject();
            }
        }
        out.closeObject().end();
        candles++;
    }

    private Indicator[] indicatorsFor(final int instrumentId) {
        if (instrumentId >= indicatorsByInstrument.length) {
            indicatorsByInstrument = java.util.Arrays.copyOf(indicatorsByInstrument,
                Math.max(instrumentId + 1, indicatorsByInstrument.length * 2));
        }
        Indicator[] ind = indicatorsByInstrument[instrumentId];
        if (ind == null) {
            ind = new Indicator[specs.size()];
            for (int i = 0; i < ind.length; i++) {
                ind[i] = specs.get(i).create();
            }
            indicatorsByInstrument[instrumentId] = ind;
        }
        return ind;
    }

    public long candlesWritten() {
        return candles;
    }
}
