package io.kavach.replay;

import io.kavach.config.instrument.InstrumentMaster;
import io.kavach.config.instrument.InstrumentRegistry;
import io.kavach.engine.LogicHandler;
import io.kavach.engine.backtest.BacktestRules;
import io.kavach.engine.backtest.CandleReport;
import io.kavach.engine.candle.CandleBook;
import io.kavach.engine.candle.Timeframe;
import io.kavach.engine.cli.BadInputException;
import io.kavach.engine.indicator.IndicatorSpec;
import io.kavach.engine.journal.RunManifest;
import io.kavach.engine.live.RuleFrameTracker;
import io.kavach.engine.output.JsonLines;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The logic stage a replay runs, built like the backtest's from the journal's {@link RunManifest}:
 * the same instrument ids, candle book, timeframe, indicators and report, hence the same output
 * lines (candles, and with rules their fires and fills). A {@code kavach run} journal has no
 * timeframe: its replay writes the fire and fill lines of the run's fires file, its rules coming from
 * the journaled RULE_COMMANDs. There is no journal stage and no order outbox:
 * a replay has no side effects; fills arrive as the journaled ORDER_UPDATE inputs.
 *
 * <p>Built and run on the command thread (the replay calls its handler directly).
 */
final class ReplayPipeline {
    private final LogicHandler logic;
    private final JsonLines output;

    private ReplayPipeline(final LogicHandler logic, final JsonLines output) {
        this.logic = logic;
        this.output = output;
    }

    /**
     * @param journalRoot   where the manifest's rules file lives
     * @param rulesOverride rules to evaluate instead of the run's (what-if); null for the run's own
     */
    static ReplayPipeline open(final RunManifest manifest, final Path journalRoot, final Path rulesOverride, final OutputStream out)
        throws IOException {
        final InstrumentRegistry registry = manifest.registry();
        final JsonLines output = new JsonLines(out);
        final CandleBook candles = new CandleBook();
        // a kavach run journal has no reported timeframe: its output is the fires file, and its rules are journaled RULE_COMMANDs
        final boolean liveRun = manifest.timeframe().isEmpty();
        if (!liveRun) {
            final Timeframe timeframe = Timeframe.parse(manifest.timeframe());
            for (int id = 0; id < registry.size(); id++) {
                candles.track(id, timeframe);
            }
            candles.addListener(new CandleReport(registry, timeframe, IndicatorSpec.parseList(manifest.indicators()), output));
        }
        final Path rulesFile = rulesOverride != null ? rulesOverride
            : manifest.rules().isEmpty() ? null : journalRoot.resolve(manifest.rules());
        final String rulesJson = rulesFile != null ? Files.readString(rulesFile, StandardCharsets.UTF_8) : liveRun ? "[]" : null;
        if (rulesJson == null) {
            return new ReplayPipeline(new LogicHandler(candles, null), output);
        }
        // a run parses rule symbols with the built-in instrument master, a backtest with its bar files' symbols
        final Map<String, String> symbols = liveRun ? InstrumentMaster.builtIn().symbolToKey() : manifest.symbols();
        final BacktestRules rules;
        try {
            rules = BacktestRules.forReplay(rulesFile != null ? "--rules " + rulesFile : "the journal's rules", rulesJson, registry, symbols,
                manifest.rulesActivationEpochMs(), candles, output);
        } catch (final BadInputException refused) {
            throw new IllegalArgumentException(refused.getMessage(), refused);
        }
        final LogicHandler logic = new LogicHandler(candles, rules.monitor());
        // rules added by a journaled RULE_COMMAND get their candle frames at the same input as in the run
        logic.setStepListener(new RuleFrameTracker(rules.monitor(), candles));
        return new ReplayPipeline(logic, output);
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

    /** Output lines: candles, fires and fills. */
    long linesWritten() {
        return output.lines();
    }
}
