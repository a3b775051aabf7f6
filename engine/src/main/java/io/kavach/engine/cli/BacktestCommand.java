package io.kavach.engine.cli;

import io.kavach.config.instrument.InstrumentMaster;
import io.kavach.config.instrument.InstrumentRegistry;
import io.kavach.engine.Bootstrap;
import io.kavach.engine.EngineSettings;
import io.kavach.engine.LogicHandler;
import io.kavach.engine.backtest.BarFile;
import io.kavach.engine.backtest.BacktestRules;
import io.kavach.engine.backtest.BarTickSource;
import io.kavach.engine.backtest.CandleReport;
import io.kavach.engine.candle.CandleBook;
import io.kavach.engine.candle.Timeframe;
import io.kavach.engine.indicator.IndicatorSpec;
import io.kavach.engine.journal.JournalHandler;
import io.kavach.engine.journal.JournalPlacement;
import io.kavach.engine.journal.RunManifest;
import io.kavach.journal.JournalDays;
import io.kavach.journal.JournalWriter;
import io.kavach.engine.output.JsonLines;
import io.kavach.engine.ring.WaitStrategyKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code kavach backtest}: one-minute bars → ticks → the same ring, candles and indicators as live
 * data → one JSON line per closed candle. Progress and the closing summary go to stderr; wall-clock
 * reads here only measure throughput for the user and never reach the engine's logic.
 */
@Command(name = "backtest", mixinStandardHelpOptions = true,
    description = "Replays one-minute bars through the engine and writes closed candles (and, with rules, fires and fills) as JSON lines.")
public final class BacktestCommand implements Callable<Integer> {
    @Option(names = "--bars", required = true, paramLabel = "FILE",
        description = "Headerless CSV of one-minute bars (symbol,YYYYMMDD,HH:MM,open,high,low,close,volume,oi). Repeat for several instruments.")
    List<Path> bars;

    @Option(names = "--instrument", paramLabel = "KEY",
        description = "Instrument key for the matching --bars file (e.g. \"NSE_INDEX|Nifty 50\"). Default: looked up from the file's symbol column.")
    List<String> instrumentKeys = new ArrayList<>();

    @Option(names = "--timeframe", defaultValue = "5m", description = "Candle timeframe to report: 1m, 3m, 5m, 10m, 15m, 30m, 60m, 1d (default ${DEFAULT-VALUE}).")
    String timeframe;

    @Option(names = "--indicators", defaultValue = "", paramLabel = "SPECS",
        description = "Comma-separated indicator specs, e.g. rsi:14,ema:9,macd:12:26:9.")
    String indicators;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output JSON-lines file, or - for stdout.")
    String out;

    @Option(names = "--ring-size", defaultValue = "" + EngineSettings.RING_SIZE_DEFAULT, description = "Ring slots, a power of two (default ${DEFAULT-VALUE}).")
    int ringSize;

    @Option(names = "--wait-strategy", defaultValue = "blocking", description = "backoff, blocking, sleeping, yielding or busy-spin (default ${DEFAULT-VALUE}).")
    String waitStrategy;

    @Option(names = "--rules", paramLabel = "FILE",
        description = "JSON array of monitor rules (the nf-monitor model) to run against the bars; adds one line per fire and per paper fill.")
    Path rules;

    @Option(names = "--journal", paramLabel = "DIR",
        description = "Also journal every input into DIR (a new journal root); `kavach replay --journal DIR` reproduces this output.")
    Path journal;

    @Option(names = "--journal-placement", defaultValue = "inline", paramLabel = "inline|parallel",
        description = "With --journal: append on the logic thread before each input (inline) or on a journal thread beside it (default ${DEFAULT-VALUE}).")
    String journalPlacement;

    @Override
    public Integer call() throws IOException {
        final PrintStream err = System.err;
        final Timeframe tf = parse(() -> Timeframe.parse(timeframe), "--timeframe");
        final List<IndicatorSpec> specs = indicators.isBlank() ? List.of() : parse(() -> IndicatorSpec.parseList(indicators), "--indicators");
        final EngineSettings settings = parse(() -> new EngineSettings(ringSize, WaitStrategyKind.parse(waitStrategy),
            JournalPlacement.parse(journalPlacement)), "--ring-size/--wait-strategy/--journal-placement");
        if (!instrumentKeys.isEmpty() && instrumentKeys.size() != bars.size()) {
            throw new BadInputException("--instrument given " + instrumentKeys.size() + " times for " + bars.size()
                + " --bars files: give one per file, in the same order, or none");
        }

        final List<String> rejected = new ArrayList<>();
        final List<BarFile> files = new ArrayList<>();
        final InstrumentRegistry registry = new InstrumentRegistry();
        final InstrumentMaster master = InstrumentMaster.builtIn();
        final int[] ids = new int[bars.size()];
        for (int i = 0; i < bars.size(); i++) {
            final Path path = bars.get(i);
            if (!Files.isReadable(path)) {
                throw new BadInputException("--bars " + path + ": no such readable file");
            }
            final BarFile file = BarFile.load(path, (String msg) -> {
                rejected.add(msg);
                err.println("kavach: bad input: " + msg);
            });
            String key = instrumentKeys.isEmpty() ? master.resolveKey(file.symbol()) : instrumentKeys.get(i);
            if (key == null) {
                throw new BadInputException("--bars " + path + ": symbol '" + file.symbol()
                    + "' is not a known instrument; name it with --instrument KEY");
            }
            files.add(file);
            ids[i] = registry.register(key);
        }

        final CandleBook candles = new CandleBook();
        for (int id : ids) {
            candles.track(id, tf);
        }
        try (JsonLines output = new JsonLines(open(out))) {
            final CandleReport report = new CandleReport(registry, tf, specs, output);
            candles.addListener(report);
            final BacktestRules withRules = rules == null ? null : BacktestRules.load(rules, registry, files, ids, candles, output);
            final LogicHandler logic = new LogicHandler(candles, withRules == null ? null : withRules.monitor());
            final BarTickSource source = new BarTickSource(files, ids);
            final long startNanos = System.nanoTime(); // wall clock: throughput for the user, never the logic
            final JournalWriter journalWriter = openJournal(registry, files, ids, err);
            final JournalHandler journalHandler = journalWriter == null ? null : new JournalHandler(journalWriter);
            final Bootstrap engine = Bootstrap.start(settings, journalHandler, logic, 0);
            final long[] lastReportNanos = {startNanos};
            if (withRules != null) {
                // journal first: the paper broker takes an intent only once its input is journaled
                withRules.start(engine.publisher(), journalHandler == null ? null : journalHandler::journaledSequence);
            }
            source.publishAll(engine.publisher(), ticks -> {
                final long now = System.nanoTime();
                if (now - lastReportNanos[0] >= 1_000_000_000L) {
                    lastReportNanos[0] = now;
                    err.printf("backtest: %d ticks published, %.0f ticks/s%n", ticks, ticks / ((now - startNanos) / 1e9));
                }
            }, withRules == null ? null : withRules::afterTick);
            if (withRules != null) {
                withRules.finish();
            }
            err.printf("backtest: %d ticks published, draining the ring%n", source.ticksPublished());
            engine.close();
            if (journalWriter != null) {
                journalWriter.close();
            }
            final double seconds = Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
            final long events = logic.eventsHandled();
            err.printf("backtest: %d events (%d ticks, %d timers), %d candles, %d bad input lines, %d stage errors, %.0f events/s%n",
                events, source.ticksPublished(), source.timersPublished(), report.candlesWritten(), rejected.size(),
                engine.stageErrors(), events / seconds);
            output.close();
            if (output.failure() != null) {
                err.println("kavach: backtest output " + out + " failed after " + output.lines() + " lines: " + output.failure().getMessage());
                return KavachMain.EXIT_FAILURE;
            }
            if (withRules != null) {
                err.println("backtest: " + withRules.summary());
            }
            return engine.stageErrors() == 0 ? KavachMain.EXIT_OK : KavachMain.EXIT_FAILURE;
        }
    }

    /** A writer for {@code --journal}, after recording the run's settings beside it; null without the option. */
    private JournalWriter openJournal(final InstrumentRegistry registry, final List<BarFile> files, final int[] ids,
                                      final PrintStream err) throws IOException {
        if (journal == null) {
            return null;
        }
        if (JournalDays.days(journal).length > 0) {
            throw new BadInputException("--journal " + journal + " already holds a journal; give a new directory");
        }
        try {
            if (rules != null) {
                // the rules travel with the journal, so it replays on its own
                Files.createDirectories(journal);
                final Path copy = journal.resolve(RunManifest.RULES_FILE_NAME);
                if (!Files.exists(copy)) {
                    Files.copy(rules, copy);
                } else if (Files.mismatch(rules, copy) != -1) {
                    throw new IllegalArgumentException(journal + " holds different rules; journal this run into a new directory");
                }
            }
            new RunManifest(RunManifest.keysOf(registry), timeframe, indicators, rules == null ? "" : RunManifest.RULES_FILE_NAME,
                rules == null ? java.util.Map.of() : BacktestRules.symbols(registry, files, ids),
                rules == null ? 0 : BacktestRules.activationEpochMs(files)).writeOrVerify(journal);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--journal " + e.getMessage());
        }
        return new JournalWriter(journal, message -> err.println("kavach: journal damage: " + message));
    }

    private static OutputStream open(final String out) throws IOException {
        if ("-".equals(out)) {
            return new BufferedOutputStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), 1 << 16);
        }
        final Path path = Path.of(out);
        if (path.getParent() != null) {
            Files.createDirectories(path.getParent());
        }
        return new BufferedOutputStream(Files.newOutputStream(path), 1 << 16);
    }

    private static <T> T parse(final java.util.function.Supplier<T> parser, final String option) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new BadInputException(option + ": " + e.getMessage());
        }
    }
}
