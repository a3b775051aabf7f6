package io.kavach.engine.cli;

import io.kavach.config.KavachConfig;
import io.kavach.config.instrument.InstrumentMaster;
import io.kavach.config.instrument.InstrumentRegistry;
import io.kavach.config.time.MarketCalendar;
import io.kavach.config.time.MarketClock;
import io.kavach.engine.EngineSettings;
import io.kavach.engine.LogicHandler;
import io.kavach.engine.action.TradeMonitor;
import io.kavach.engine.backtest.BacktestRules;
import io.kavach.engine.backtest.FireReport;
import io.kavach.engine.candle.CandleBook;
import io.kavach.engine.event.EventKind;
import io.kavach.engine.event.InputEvent;
import io.kavach.engine.indicator.Indicators;
import io.kavach.engine.journal.JournalHandler;
import io.kavach.engine.journal.JournalRecovery;
import io.kavach.engine.journal.RunManifest;
import io.kavach.engine.live.AdminServer;
import io.kavach.engine.live.IntentQueue;
import io.kavach.engine.live.LiveEngine;
import io.kavach.engine.live.LiveSettings;
import io.kavach.engine.live.RuleCommandPublisher;
import io.kavach.engine.live.RuleIntentOutbox;
import io.kavach.engine.live.TokenSources;
import io.kavach.engine.output.JsonLines;
import io.kavach.engine.ring.WaitStrategyKind;
import io.kavach.engine.risk.RiskLimits;
import io.kavach.engine.rule.RuleDefinition;
import io.kavach.engine.rule.RuleEngine;
import io.kavach.engine.rule.RuleRejectedException;
import io.kavach.feed.connection.TokenSource;
import io.kavach.journal.JournalWriter;
import io.kavach.order.OrderIntent;
import io.kavach.order.OrderMode;
import io.kavach.order.paper.PaperOrderRouter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * {@code kavach run}: the long-running live engine. Reads the {@link KavachConfig}, journals every
 * input under the journal root (one directory per IST day), recovers from today's journal when it
 * restarts (journal/README.md, "Restart recovery", steps 1–5), connects to the broker through the
 * {@link LiveEngine} and runs the rules until SIGTERM/Ctrl-C or {@code --until HH:MM} IST.
 *
 * <p>Threading: {@link #call} runs on the starting thread; the writer loop is the ring's only producer,
 * the journal replay included. {@link #stop()} may be called from any thread.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Runs the engine live: journaled, recovering today's journal on restart, until Ctrl-C/SIGTERM or --until.")
public final class RunCommand implements Callable<Integer> {
    /** Re-emitted intents wait here while a restart replays the day: room for a busy day's intents. */
    static final int INTENT_QUEUE_CAPACITY = 16_384;
    static final long RECOVERY_TIMEOUT_MS = 120_000;
    static final long SHUTDOWN_WAIT_MS = 15_000;
    private static final long UNTIL_POLL_MS = 200;

    @Option(names = "--config", paramLabel = "FILE", description = "Settings file (key = value); KAVACH_* variables override it, options override both.")
    Path configFile;

    @Option(names = "--home", paramLabel = "DIR", description = "Engine home (default ~/.kavach); the journal lives under it unless journal.root says otherwise.")
    String home;

    @Option(names = "--rules", paramLabel = "FILE", description = "Rules JSON (the MonitorRule model) to run.")
    String rules;

    @Option(names = "--mode", paramLabel = "MODE", description = "live | paper | dry-run (default dry-run: nothing reaches a broker unless you say live).")
    String mode;

    @Option(names = "--journal", paramLabel = "DIR", description = "Journal root (default <home>/journal).")
    String journalRoot;

    @Option(names = "--until", paramLabel = "HH:MM", description = "Stop at this IST time (default: run until Ctrl-C or SIGTERM).")
    String until;

    // Wall clock: read by the gateways and for the journal's day only; every stamp it makes is journaled.
    // Tests drive the simulator's market clock through here, as the demo does.
    LongSupplier clockMs = System::currentTimeMillis;
    boolean marketHoursCheck = true;
    Map<String, String> environment = System.getenv();

    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile LiveEngine running;

    /** Asks the running engine to stop (as SIGTERM does); any thread. */
    public void stop() {
        stopRequested.countDown();
    }

    /** The engine once it is live (tests); null before and after. */
    LiveEngine engine() {
        return running;
    }

    @Override
    public Integer call() throws Exception {
        final PrintStream err = System.err;
        final KavachConfig config = config();
        err.println("run: " + config);
        final Path rulesFile = config.rulesFile();
        if (rulesFile == null) {
            throw new BadInputException("rules from the store are not wired into 'kavach run' yet: pass --rules FILE (or rules.file in --config)");
        }
        if (!Files.isReadable(rulesFile)) {
            throw new BadInputException("--rules " + rulesFile + ": no such readable file");
        }
        final String rulesJson = Files.readString(rulesFile, StandardCharsets.UTF_8);
        final byte[] rulesPayload;
        try {
            rulesPayload = RuleCommandPublisher.payloadOf(rulesJson);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--rules: " + e.getMessage());
        }
        final long stopAtMs = stopTime();
        final OrderMode orderMode = OrderMode.parse(config.orderMode());

        final InstrumentMaster master = InstrumentMaster.builtIn();
        final Map<String, String> subscriptions = RuleInstruments.of(rulesJson, master);
        final Path root = config.journalRoot();
        final InstrumentRegistry instruments = registry(root, subscriptions);
        final Map<String, String> symbols = new HashMap<>();
        for (var i : master.all()) {
            symbols.put(i.tradingSymbol(), i.instrumentKey());
        }
        final long dayMs = clockMs.getAsLong();
        final long day = MarketClock.istEpochDay(dayMs);
        final List<RuleDefinition> defs;
        try {
            defs = monitor(instruments, symbols, new FireReport(instruments, new JsonLines(OutputStream.nullOutputStream())))
                .addRules(rulesJson, dayMs);
        } catch (RuleRejectedException e) {
            throw new BadInputException("--rules refused, nothing activated:\n  " + String.join("\n  ", e.problems()));
        }
        final TokenSource tokens = tokens(config);
        if (!Files.isRegularFile(RunManifest.path(root))) {
            new RunManifest(RunManifest.keysOf(instruments), "", "").writeOrVerify(root);
        }

        // 1. the journal writer (takes the writer lock: a second engine on this root is refused) and today's day
        final Path outDir = config.home().resolve("run").resolve(LocalDate.ofEpochDay(day).toString());
        Files.createDirectories(outDir);
        final Path firesPath = newFiresFile(outDir);
        try (JournalWriter writer = new JournalWriter(root, m -> err.println("run: journal damage: " + m));
             JsonLines fireLines = new JsonLines(new BufferedOutputStream(Files.newOutputStream(firesPath, StandardOpenOption.APPEND)))) {
            writer.openDay(day);
            final long last = writer.lastSequence();

            final CandleBook candles = new CandleBook();
            final FireReport fires = new FireReport(instruments, fireLines);
            final TradeMonitor monitor = monitor(instruments, symbols, fires);
            monitor.setFillHandler(fires);
            candles.addListener(monitor);
            for (RuleDefinition d : defs) {
                BacktestRules.trackIndicatorTimeframes(d.trigger(), candles);
            }
            final LogicHandler logic = new LogicHandler(candles, monitor);
            final IntentQueue intents = new IntentQueue(INTENT_QUEUE_CAPACITY);
            final RuleIntentOutbox outbox = new RuleIntentOutbox(intents, instruments, logic);
            fires.setTarget(outbox);
            intents.hold();

            final LiveSettings settings = new LiveSettings(config.apiBaseUrl(), config.orderBaseUrl(), null, null, tokens, orderMode,
                config.userId(), subscriptions, new EngineSettings(config.ringSize(), WaitStrategyKind.parse(config.ringWaitStrategy())),
                config.clockPeriodMs(), marketHoursCheck, clockMs);
            // 2. the ring continues the journal's numbering; replayed inputs are not appended again
            final JournalHandler journal = new JournalHandler(writer, last);
            AdminServer admin = null;
            final Thread hook = new Thread(() -> {
                stop();
                try {
                    stopped.await(SHUTDOWN_WAIT_MS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "kavach-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try (LiveEngine engine = LiveEngine.startForRecovery(settings, instruments, MarketCalendar.nseDefault(), logic, journal, intents,
                    last + 1, PaperOrderRouter.factory(instruments, last + 2))) {
                intents.journalIntentsTo(engine.ring().publisher(), instruments, clockMs);
                final boolean rulesJournaled = recover(err, engine, monitor, intents, instruments, root, day, last);
                if (outbox.dropped() > 0) {
                    throw new IllegalStateException(outbox.dropped() + " re-emitted intents did not fit the outbox while recovering; not going live");
                }
                final RuleCommandPublisher commands = new RuleCommandPublisher(engine.ring().publisher(), clockMs, config.userId());
                if (rulesJournaled) {
                    err.println("run: today's journal already holds the rules; " + rulesFile + " is not applied again (restart the day in a new journal root to change them)");
                } else {
                    engine.runOnWriterLoop(() -> commands.add(rulesPayload));
                }
                // 5. live, appending to the same day
                engine.goLive();
                admin = AdminServer.start(engine, config.adminPort());
                Files.writeString(OrdersCommand.portFile(config.home()), admin.port() + "\n", StandardCharsets.US_ASCII);
                running = engine;
                err.printf("run: live in %s mode, %d instruments %s, journal %s (day %s), fires to %s%n", orderMode, subscriptions.size(),
                    subscriptions, root, LocalDate.ofEpochDay(day), firesPath);
                awaitStop(stopAtMs);
                err.println("run: stopping: feeds off, ring drained, journal closed");
                running = null;
                Files.deleteIfExists(OrdersCommand.portFile(config.home()));
                admin.close();
                admin = null;
                engine.runOnWriterLoop(() -> err.printf("run: %d frames decoded, %d rejected; %d intents sent, %d suppressed, %d outbox drops%n",
                    engine.decoder().framesDecoded(), engine.decoder().framesRejected(), intents.sent(), intents.suppressed(), outbox.dropped()));
            } finally {
                if (admin != null) {
                    admin.close();
                }
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the JVM is exiting because of SIGTERM/Ctrl-C: the hook waits for us
                }
            }
            err.printf("run: %d fires this process saw (replayed ones included)%n", fires.fires());
            return KavachMain.EXIT_OK;
        } finally {
            stopped.countDown();
        }
    }

    /**
     * Steps 3 and 4: replays today's journal through the ring with the outbox held, lets go of the
     * re-emitted intents (dropping those the journal holds) and re-submits, with a lookup by tag first,
     * every journaled intent the broker never answered. Returns whether the journal holds rule commands.
     */
    private static boolean recover(final PrintStream err, final LiveEngine engine, final TradeMonitor monitor, final IntentQueue intents,
                                   final InstrumentRegistry instruments, final Path root, final long day, final long last) throws InterruptedException {
        if (last < 0) {
            engine.runOnWriterLoop(intents::release);
            return false;
        }
        // on the writer loop: the ring has one producer thread for its whole life (no feed is connected yet)
        final JournalRecovery.Result result;
        try {
            result = engine.writer().eventLoop().submit(() -> JournalRecovery.replayDay(root, day, engine.ring().publisher().ring(),
                m -> err.println("run: journal damage: " + m))).get(RECOVERY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("replaying today's journal failed: " + e, e);
        }
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RECOVERY_TIMEOUT_MS); // wall clock: a start-up timeout, outside the logic
        while (monitor.handledSequence() < result.lastSequence()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the logic did not finish replaying the journal within " + RECOVERY_TIMEOUT_MS + " ms");
            }
            Thread.sleep(1);
        }
        final List<InputEvent> unanswered = result.unansweredIntents();
        engine.runOnWriterLoop(() -> {
            intents.releaseAfterRecovery(result.journaledIntentIds(), result.lastSequence());
            final OrderIntent intent = new OrderIntent();
            for (InputEvent e : unanswered) {
                IntentQueue.fromJournal(e, instruments, intent);
                intent.lookupFirst = true;
                engine.router().submit(intent);
            }
        });
        err.printf("run: recovered %d inputs of %s (through sequence %d): %d intents journaled, %d re-emitted ones dropped, "
                + "%d of unknown fate sent with a lookup first, %d unanswered re-submitted with a lookup first%n",
            result.replayedEvents(), LocalDate.ofEpochDay(day), result.lastSequence(), result.journaledIntentIds().size(),
            intents.recoveredDropped(), intents.recoveredLookups(), unanswered.size());
        return result.replayedByKind()[EventKind.RULE_COMMAND] > 0;
    }

    private KavachConfig config() throws java.io.IOException {
        try {
            return KavachConfig.load(configFile, environment).with(KavachConfig.HOME, home).with(KavachConfig.RULES_FILE, rules)
                .with(KavachConfig.ORDER_MODE, mode).with(KavachConfig.JOURNAL_ROOT, journalRoot);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    private static TokenSource tokens(final KavachConfig config) {
        final String kind = config.tokenSourceKind();
        if (kind == null) {
            // market data needs the token in every mode, dry-run included
            throw new BadInputException("no access token source: set token.file, token.env or token.command (or KAVACH_TOKEN_FILE, …)");
        }
        switch (kind) {
            case KavachConfig.TOKEN_FILE: return TokenSources.file(Path.of(config.tokenSourceValue()));
            case KavachConfig.TOKEN_ENV: return TokenSources.environment(config.tokenSourceValue());
            default: return TokenSources.command(config.tokenSourceValue());
        }
    }

    /**
     * Instrument ids are journaled as ints, so a root keeps one registry ({@link RunManifest}): the
     * first run writes it (once its rules are accepted); later runs must need no instrument it lacks.
     */
    private static InstrumentRegistry registry(final Path root, final Map<String, String> subscriptions) throws java.io.IOException {
        final List<String> keys = new ArrayList<>();
        if (Files.isRegularFile(RunManifest.path(root))) {
            keys.addAll(RunManifest.read(root).instrumentKeys());
            final List<String> missing = new ArrayList<>();
            for (String key : subscriptions.keySet()) {
                if (!keys.contains(key)) {
                    missing.add(key);
                }
            }
            if (!missing.isEmpty()) {
                throw new BadInputException("journal root " + root + " was started with instruments " + keys + "; the rules also need "
                    + missing + ": journal into a new root (--journal or journal.root)");
            }
        } else {
            keys.addAll(subscriptions.keySet());
        }
        final InstrumentRegistry registry = new InstrumentRegistry();
        keys.forEach(registry::register);
        return registry;
    }

    /** Each start of the day writes its own fires file (wall-clock name: for the operator only). */
    private static Path newFiresFile(final Path dir) throws java.io.IOException {
        // wall clock: a file name for the operator, never read by the logic
        final String stem = "fires-" + LocalTime.now().format(java.time.format.DateTimeFormatter.ofPattern("HH-mm-ss"));
        for (int n = 0; ; n++) {
            final Path p = dir.resolve(stem + (n == 0 ? "" : "-" + n) + ".jsonl");
            try {
                return Files.createFile(p);
            } catch (java.nio.file.FileAlreadyExistsException taken) {
                // restarted within the same second: try the next suffix
            }
        }
    }

    private long stopTime() {
        if (until == null) {
            return Long.MAX_VALUE;
        }
        final LocalTime at;
        try {
            at = LocalTime.parse(until);
        } catch (DateTimeParseException e) {
            throw new BadInputException("--until: expected HH:MM (IST), got '" + until + "'");
        }
        final long now = clockMs.getAsLong();
        long target = MarketClock.istMidnightEpochMs(MarketClock.istEpochDay(now)) + at.toSecondOfDay() * 1_000L;
        if (target <= now) {
            throw new BadInputException("--until " + until + " IST has already passed today");
        }
        return target;
    }

    private void awaitStop(final long stopAtMs) throws InterruptedException {
        while (!stopRequested.await(UNTIL_POLL_MS, TimeUnit.MILLISECONDS)) {
            if (clockMs.getAsLong() >= stopAtMs) {
                return;
            }
        }
    }

    private static TradeMonitor monitor(final InstrumentRegistry instruments, final Map<String, String> symbols, final FireReport report) {
        return new TradeMonitor(instruments, symbols, MarketCalendar.nseDefault(), Indicators::create, RiskLimits.DEFAULT,
            RuleEngine.TIME_RULE_GRACE_MS_DEFAULT, report, report);
    }

}
