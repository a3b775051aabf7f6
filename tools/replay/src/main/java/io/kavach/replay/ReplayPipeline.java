package io.kavach.replay;

import io.kavach.config.instrument.InstrumentRegistry;
import io.kavach.engine.LogicHandler;
import io.kavach.engine.backtest.BacktestRules;
import io.kavach.engine.backtest.CandleReport;
import io.kavach.engine.candle.CandleBook;
import io.kavach.engine.candle.Timeframe;
import io.kavach.engine.cli.BadInputException;
import io.kavach.engine.indicator.IndicatorSpec;
import io.kavach.engine.journal.RunManifest;
import io.kavach.engine.output.JsonLines;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The logic stage a replay runs, built like the backtest's from the journal's {@link RunManifest}:
 * the same instrument ids, candle book, timeframe, indicators and report, hence the same output
 * lines (candles, and with rules their fires and fills). There is no journal stage and no order outbox:
 * a replay has no side effects; fills arrive as the journaled ORDER_UPDATE inputs.
 *
 * <p>Built and run on the command thread (the replay calls its handler directly).
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
     * @param journalRoot   where the manifest's rules file lives
     * @param rulesOverride rules to evaluate instead of the run's (what-if); null for the run's own
     */
    static ReplayPipeline open(final RunManifest manifest, final Path journalRoot, final Path rulesOverride, final OutputStream out)
        throws IOException {
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
        final Path rulesFile = rulesOverride != null ? rulesOverride
            : manifest.rules().isEmpty() ? null : journalRoot.resolve(manifest.rules());
        BacktestRules rules = null;
        if (rulesFile != null) {
            try {
                rules = BacktestRules.forReplay("--rules " + rulesFile, Files.readString(rulesFile, StandardCharsets.UTF_8), registry,
                    manifest.symbols(), manifest.rulesActivationEpochMs(), candles, output);
            } catch (final BadInputException refused) {
                throw new IllegalArgumentException(refused.getMessage(), refused);
            }
        }
        return new ReplayPipeline(new LogicHandler(candles, rules == null ? null : rules.monitor()), report, output);
    }

    LogicHandler logic() {
        return logic;
    }

    /** Flushes and closes the output; call after the last event. */
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
