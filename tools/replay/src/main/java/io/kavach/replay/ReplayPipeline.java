package io.kavach.replay;

import io.kavach.config.instrument.InstrumentRegistry;
import io.kavach.engine.LogicHandler;
import io.kavach.engine.backtest.CandleReport;
import io.kavach.engine.candle.CandleBook;
import io.kavach.engine.candle.Timeframe;
import io.kavach.engine.indicator.IndicatorSpec;
import io.kavach.engine.journal.RunManifest;
import io.kavach.engine.output.JsonLines;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The logic stage a replay runs, built like the backtest's from the journal's {@link RunManifest}:
 * the same instrument ids, candle book, timeframe, indicators and report, hence the same output
 * lines. There is no journal stage and no order outbox: a replay has no side effects.
 *
 * <p>Built on the command thread; its handler runs on the ring's logic thread.
 */
final class ReplayPipeline {
    private final LogicHandler logic;
    private final CandleReport report;
    private final JsonLines output;

    private ReplayPipeline(final LogicHandler logic, final CandleReport report, final JsonLines output) {
        this.logic = logic;
        this.report = report;
        this.output = output;
    }

    /**
     * @param rulesOverride rules to evaluate instead of the run's; rules are not yet part of the engine's
     *                      logic stage on this build, so a given file is refused rather than ignored
     */
    static ReplayPipeline open(final RunManifest manifest, final Path rulesOverride, final OutputStream out) {
        if (rulesOverride != null || !manifest.rules().isEmpty()) {
            throw new IllegalArgumentException("rules are not evaluated by this build's logic stage yet; replay without --rules");
        }
        final InstrumentRegistry registry = manifest.registry();
        final Timeframe timeframe = Timeframe.parse(manifest.timeframe());
        final List<IndicatorSpec> specs = IndicatorSpec.parseList(manifest.indicators());
        final CandleBook candles = new CandleBook();
        for (int id = 0; id < registry.size(); id++) {
            candles.track(id, timeframe);
        }
        final JsonLines output = new JsonLines(out);
        final CandleReport report = new CandleReport(registry, timeframe, specs, output);
        candles.addListener(report);
        return new ReplayPipeline(new LogicHandler(candles), report, output);
    }

    LogicHandler logic() {
        return logic;
    }

    /** Flushes and closes the output; call after the ring has drained. */
    void finish() throws IOException {
        output.close();
        if (output.failure() != null) {
            throw new IOException("writing replay output failed after " + output.lines() + " lines", output.failure());
        }
    }

    long linesWritten() {
        return report.candlesWritten();
    }
}
