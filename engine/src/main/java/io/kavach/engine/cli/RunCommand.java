package io.kavach.engine.cli;

import io.kavach.config.KavachConfig;
import io.kavach.config.Prices;
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
import io.kavach.engine.event.InputEvent;
import io.kavach.engine.indicator.Indicators;
import io.kavach.engine.journal.JournalHandler;
import io.kavach.engine.journal.JournalPlacement;
import io.kavach.engine.journal.JournalRecovery;
import io.kavach.engine.journal.RunManifest;
import io.kavach.engine.live.AdminServer;
import io.kavach.engine.live.IntentQueue;
import io.kavach.engine.live.LiveEngine;
import io.kavach.engine.live.LiveSettings;
import io.kavach.engine.live.LoopTransport;
import io.kavach.engine.live.RestartReconciler;
import io.kavach.engine.live.RuleCommandPublisher;
import io.kavach.engine.live.RuleFrameTracker;
import io.kavach.engine.live.RuleIntentOutbox;
import io.kavach.engine.live.SubscriptionLimits;
import io.kavach.engine.live.SubscriptionPlanner;
import io.kavach.engine.live.TokenSources;
import io.kavach.engine.live.WriterLoopSettings;
import io.kavach.engine.live.store.EngineRuleCommands;
import io.kavach.engine.live.store.EngineStore;
import io.kavach.engine.live.store.JournalStoreCatchUp;
import io.kavach.engine.live.store.StoreRowFeed;
import io.kavach.engine.live.store.StoreRuleCommands;
import io.kavach.engine.output.JsonLines;
import io.kavach.engine.ring.RingErrorHandler;
import io.kavach.engine.ring.WaitStrategyKind;
import io.kavach.engine.risk.RiskLimits;
import io.kavach.engine.rule.RuleDefinition;
import io.kavach.engine.rule.RuleEngine;
import io.kavach.engine.rule.RuleParser;
import io.kavach.engine.rule.RuleRejectedException;
import io.kavach.feed.connection.TokenSource;
import io.kavach.journal.JournalWriter;
import io.kavach.order.OrderIntent;
import io.kavach.order.OrderMode;
import io.kavach.store.StoreConfig;
import io.kavach.store.rule.RuleChangeProcessor;
import io.kavach.store.rule.RuleRow;
import io.kavach.store.status.HeartbeatProcessor;
import io.kavach.store.writer.JournalPosition;
import io.kavach.store.writer.MonitorLogEntry;
import io.kavach.store.writer.OrderRow;
import io.kavach.store.writer.StoreRowSink;
import io.kavach.store.writer.StoreWriter;
import io.kavach.store.writer.UserHaltRow;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
    static final long SHUTDOWN_WAIT_MS = 15_000;
    private static final long UNTIL_POLL_MS = 200;
    /** How long a start waits for the rows of earlier days to be written before lifting their halts. */
    private static final long LIFT_WAIT_MS = 10_000;

    @Option(names = "--config", paramLabel = "FILE", description = "Settings file (key = value); KAVACH_* variables override it, options override both.")
    Path configFile;

    @Option(names = "--home", paramLabel = "DIR", description = "Engine home (default ~/.kavach); the journal lives under it unless journal.root says otherwise.")
    String home;

    @Option(names = "--rules", paramLabel = "FILE", description = "Rules JSON (the MonitorRule model) to run, besides the store's rules (alone with --no-store).")
    String rules;

    @Option(names = "--mode", paramLabel = "MODE", description = "live | paper | dry-run (default dry-run: nothing reaches a broker unless you say live).")
    String mode;

    @Option(names = "--journal", paramLabel = "DIR", description = "Journal root (default <home>/journal).")
    String journalRoot;

    @Option(names = "--journal-placement", paramLabel = "inline|parallel",
        description = "inline: the logic thread appends each input before handling it (no journal thread, nothing waits for the journal);"
            + " parallel: a journal thread beside the logic, for a host with a spare core (default: journal.placement, else inline).")
    String journalPlacement;

    @Option(names = "--until", paramLabel = "HH:MM", description = "Stop at this IST time (default: run until Ctrl-C or SIGTERM).")
    String until;

    @Option(names = "--db-url", paramLabel = "JDBC_URL",
        description = "The store: this PostgreSQL instead of the embedded one under the home (default: db.url, then $KAVACH_DB_URL).")
    String dbUrl;

    @Option(names = "--db-user", paramLabel = "USER", description = "Database user for --db-url (default: $KAVACH_DB_USER).")
    String dbUser;

    @Option(names = "--db-password-file", paramLabel = "FILE", description = "File holding the database password for --db-url (default: $KAVACH_DB_PASSWORD).")
    Path dbPasswordFile;

    @Option(names = "--risk-daily-loss-limit-rupees", paramLabel = "RUPEES",
        description = "Halt a user (entries refused, exits allowed, until the next IST day) when the day's P&L reaches minus this;"
            + " 0: no limit (default: risk.daily.loss.limit.rupees, else 0).")
    String dailyLossLimitRupees;

    @Option(names = "--risk-flatten-on-halt", paramLabel = "true|false",
        description = "Also square off a halted user's open positions (default: risk.flatten.on.halt, else false).")
    String flattenOnHalt;

    @Option(names = "--no-store", description = "Run without the store: rules from --rules only, no monitor-log/order rows, no heartbeat.")
    boolean noStore;

    /** The rule-change poll, the safety net behind LISTEN/NOTIFY (tests shorten it). */
    long rulePollIntervalMs = RuleChangeProcessor.DEFAULT_POLL_INTERVAL_MS;
    /** Rows waiting for the database; beyond it they are dropped and re-created from the journal (tests shrink it). */
    int storeQueueCapacity = StoreWriter.DEFAULT_QUEUE_CAPACITY;
    /** How often the heartbeat row is written (tests shorten it). */
    long heartbeatIntervalMs = HeartbeatProcessor.DEFAULT_INTERVAL_MS;

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
        if (rulesFile == null && noStore) {
            throw new BadInputException("no rules: pass --rules FILE (or rules.file in --config), or drop --no-store to run the store's rules");
        }
        String rulesJson = null;
        byte[] rulesPayload = null;
        if (rulesFile != null) {
            if (!Files.isReadable(rulesFile)) {
                throw new BadInputException("--rules " + rulesFile + ": no such readable file");
            }
            rulesJson = Files.readString(rulesFile, StandardCharsets.UTF_8);
            try {
                rulesPayload = RuleCommandPublisher.payloadOf(rulesJson);
            } catch (IllegalArgumentException e) {
                throw new BadInputException("--rules: " + e.getMessage());
            }
        }
        final long stopAtMs = stopTime();
        final OrderMode orderMode = OrderMode.parse(config.orderMode());
        final StoreConfig storeConfig = noStore ? null : storeConfig(config);
        final TokenSource tokens = tokens(config);
        try (EngineStore store = storeConfig == null ? null : openStore(storeConfig, err)) {
            return run(err, config, rulesFile, rulesJson, rulesPayload, stopAtMs, orderMode, tokens, store);
        } finally {
            stopped.countDown();
        }
    }

    /**
     * Before going live (and before the ring exists): zeros into the day's journal file past its last record up
     * to {@code journal.prepare.mb}, so the session's appends do not create the file's pages on the logic thread
     * (journal/README.md, "Preparing the day's file"). Wall clock: start-up timing only.
     */
    private static void prepareJournal(final PrintStream err, final JournalWriter writer, final long mb) {
        if (mb == 0) {
            err.println("run: journal file not prepared (journal.prepare.mb = 0): the session's appends create its pages");
            return;
        }
        final long start = System.nanoTime(); // wall clock: timing the start-up step for its message only
        final JournalWriter.Preparation prepared = writer.prepare(mb << 20);
        if (prepared.notDone() != null) {
            err.println("run: journal file not prepared to " + mb + " MiB: " + prepared.notDone() + "; the session's appends create its pages");
        } else {
            err.printf(Locale.ROOT, "run: journal file prepared to %,d MiB (%,d MiB of zeros written past the last record, %,d MiB locked in memory) in %,d ms%n",
                mb, prepared.zeroBytes() >> 20, prepared.lockedBytes() >> 20, (System.nanoTime() - start) / 1_000_000);
        }
    }

    private int run(final PrintStream err, final KavachConfig config, final Path rulesFile, final String rulesJson, final byte[] rulesPayload,
                    final long stopAtMs, final OrderMode orderMode, final TokenSource tokens, final EngineStore store) throws Exception {
        final InstrumentMaster master = InstrumentMaster.builtIn();
        final Map<String, String> fileSubscriptions = rulesJson == null ? Map.of() : RuleInstruments.of(rulesJson, master);
        final List<RuleRow> storedRules = store == null ? List.of() : store.rules();
        final Map<String, String> subscriptions = new TreeMap<>(fileSubscriptions);
        final long startMs = clockMs.getAsLong();
        for (RuleRow r : storedRules) {
            if (loadable(r, startMs)) {
                try {
                    RuleInstruments.of(r.toJson(), master).forEach((key, m) -> subscriptions.merge(key, m,
                        (a, b) -> a.equals(RuleInstruments.MODE_FULL) || b.equals(RuleInstruments.MODE_FULL) ? RuleInstruments.MODE_FULL : a));
                } catch (BadInputException e) {
                    err.println("run: store rule " + r.id() + ": " + e.getMessage() + "; it will be refused");
                }
            }
        }
        final Path root = config.journalRoot();
        // with the store, rules arrive while running: the built-in indices are always known (other instruments need a restart)
        final java.util.LinkedHashSet<String> known = new java.util.LinkedHashSet<>(subscriptions.keySet());
        if (store != null) {
            master.all().forEach(i -> known.add(i.instrumentKey()));
        }
        final InstrumentRegistry instruments = registry(root, fileSubscriptions, known, err);
        final Map<String, String> symbols = master.symbolToKey();
        final long dayMs = clockMs.getAsLong();
        final long day = MarketClock.istEpochDay(dayMs);
        List<RuleDefinition> fileDefs = List.of();
        if (rulesJson != null) {
            try {
                fileDefs = monitor(instruments, symbols, new FireReport(instruments, new JsonLines(OutputStream.nullOutputStream())))
                    .addRules(rulesJson, dayMs);
            } catch (RuleRejectedException e) {
                throw new BadInputException("--rules refused, nothing activated:\n  " + String.join("\n  ", e.problems()));
            }
            if (store != null) {
                final Set<Long> stored = store.storedIds();
                final List<Long> clash = fileDefs.stream().map(RuleDefinition::id).filter(stored::contains).toList();
                if (!clash.isEmpty()) {
                    throw new BadInputException("--rules: rule ids " + clash + " are also ids of rules in the store; give the file's rules other ids"
                        + " (or run with --no-store)");
                }
            }
        }
        final List<RuleDefinition> defs = fileDefs;
        final RiskLimits limits = riskLimits(config);
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
            prepareJournal(err, writer, config.journalPrepareMb());
            // 2. the ring continues the journal's numbering; replayed inputs are not appended again
            final JournalHandler journal = new JournalHandler(writer, last);

            // the store's rows: written off the ring once their input is journaled, caught up from the journal after an outage
            final JournalStoreCatchUp catchUp = new JournalStoreCatchUp(root, instruments,
                feed -> buildLogic(instruments, symbols, defs, null, feed).logic(), m -> err.println("run: journal damage (store catch-up): " + m));
            // every earlier day is journaled; today's inputs are once the journal stage has them
            final StoreWriter rows = store == null ? null : store.startWriter(catchUp,
                () -> JournalPosition.of((int) day, 0) + journal.journaledSequence(), storeQueueCapacity);
            if (rows != null) {
                catchUpEarlierDays(err, store, rows, catchUp, day);
                liftEarlierDaysHalts(err, store, rows, day);
            }
            final StoreRowFeed feed = rows == null ? null : new StoreRowFeed(instruments, (int) day, writerSink(rows),
                seq -> rows.processedThrough((int) day, seq));

            final FireReport fires = new FireReport(instruments, fireLines);
            final Pipeline pipeline = buildLogic(instruments, symbols, defs, fires, feed);
            final TradeMonitor monitor = pipeline.monitor();
            final LogicHandler logic = pipeline.logic();
            final IntentQueue intents = new IntentQueue(INTENT_QUEUE_CAPACITY);
            final RuleIntentOutbox outbox = new RuleIntentOutbox(intents, instruments, logic);
            if (feed != null) {
                feed.setTarget(outbox);
            } else {
                fires.setTarget(outbox);
            }
            intents.hold();

            final LiveSettings settings = new LiveSettings(config.apiBaseUrl(), config.orderBaseUrl(), null, null, tokens, orderMode,
                config.userId(), subscriptions, new EngineSettings(config.ringSize(), WaitStrategyKind.parse(config.ringWaitStrategy()),
                    JournalPlacement.parse(config.journalPlacement())),
                config.clockPeriodMs(), marketHoursCheck, clockMs)
                .withWriterLoop(new WriterLoopSettings(LoopTransport.parse(config.writerLoopTransport()),
                    WriterLoopSettings.parseSpinMicros(config.writerLoopSpinUs())));
            // 2./3. today's journal straight into the logic on this thread, before a ring, router or feed exists that
            // could reach it (the outbox is held)
            final RingErrorHandler replayErrors = new RingErrorHandler("logic (journal replay)");
            final JournalRecovery.Result replayed = last < 0 ? null
                : JournalRecovery.replayDay(root, day, logic, replayErrors, m -> err.println("run: journal damage: " + m));
            final RestartReconciler reconciler = new RestartReconciler(instruments, replayed == null ? List.of() : replayed.openOrders());
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
                    last + 1, PaperOrderRouter.factory(instruments, last + 2), reconciler::adopt)) {
                intents.journalIntentsTo(engine.ring().publisher(), instruments, clockMs);
                final boolean rulesJournaled = recover(err, engine, monitor, intents, instruments, day, replayed, replayErrors, reconciler);
                if (outbox.dropped() > 0) {
                    throw new IllegalStateException(outbox.dropped() + " re-emitted intents did not fit the outbox while recovering; not going live");
                }
                final RuleCommandPublisher commands = new RuleCommandPublisher(engine.ring().publisher(), clockMs, config.userId());
                if (rulesPayload != null) {
                    if (rulesJournaled) {
                        err.println("run: today's journal already holds the rules; " + rulesFile + " is not applied again (restart the day in a new journal root to change them)");
                    } else {
                        engine.runOnWriterLoop(() -> commands.add(rulesPayload));
                    }
                }
                final EngineRuleCommands ruleCommands = new EngineRuleCommands(engine);
                final StoreRuleCommands storeRules = store == null ? null
                    : loadStoreRules(err, storedRules, ruleCommands, instruments, symbols, root, day, last, rulesJournaled ? null : rulesJson);
                // after the rules: a start that dies in between still adds the file's rules at its restart.
                // The replay ran on this thread, and only this command changes the limits.
                if (!limits.equals(monitor.risk().defaults())) {
                    engine.runOnWriterLoop(() -> commands.riskLimits(limits));
                    err.println("run: risk limits from now on, journaled: " + describe(limits));
                }
                // 5. live, appending to the same day
                engine.goLive();
                if (store != null) {
                    followStoreRules(store, storeRules, ruleCommands, engine, instruments, symbols);
                    startHeartbeat(store, engine, journal, intents, fires, monitor, storeRules, feed);
                }
                admin = AdminServer.start(engine, config.adminPort());
                Files.writeString(OrdersCommand.portFile(config.home()), admin.port() + "\n", StandardCharsets.US_ASCII);
                running = engine;
                err.printf("run: live in %s mode, %d instruments %s, journal %s (day %s), fires to %s, rules from %s; writer loop %s, spin %d µs%n",
                    orderMode, subscriptions.size(), subscriptions, root, LocalDate.ofEpochDay(day), firesPath,
                    (rulesFile == null ? "" : rulesFile + (store == null ? "" : " and ")) + (store == null ? "" : "the store"),
                    engine.writer().transport().label, engine.writer().spinMicros());
                awaitStop(stopAtMs);
                err.println("run: stopping: feeds off, ring drained, journal closed");
                running = null;
                if (store != null) {
                    store.stopRuleChanges(); // no rule command enters a draining ring
                }
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
            if (rows != null) {
                rows.close(); // the ring has drained: write what is queued while the journal is still open for a catch-up
                err.printf("run: store rows: %d written, %d dropped, %d caught up from the journal, %d refused by the database%n",
                    rows.written(), rows.dropped(), rows.caughtUp(), rows.rejected());
            }
            return KavachMain.EXIT_OK;
        }
    }

    /** The logic step, wired the same way live and when the store catches up from the journal. */
    private record Pipeline(LogicHandler logic, TradeMonitor monitor) {
    }

    /**
     * Candles → rules → actions. Fires and intents go to {@code fires} (the run's fires file; null when
     * catching the store up) and {@code feed} (the store's rows; null without a store), in that order.
     * Risk limits start as the defaults; the journal's RISK_LIMITS commands set the ones in force.
     */
    private static Pipeline buildLogic(final InstrumentRegistry instruments, final Map<String, String> symbols, final List<RuleDefinition> defs,
                                       final FireReport fires, final StoreRowFeed feed) {
        final io.kavach.engine.action.OrderOutbox outbox;
        final io.kavach.engine.action.MonitorLogSink log;
        if (fires != null && feed != null) {
            fires.setTarget(feed);
            outbox = fires;
            log = r -> {
                fires.onRecord(r);
                feed.onRecord(r);
            };
        } else if (fires != null) {
            outbox = fires;
            log = fires;
        } else {
            outbox = feed;
            log = feed;
        }
        final TradeMonitor monitor = new TradeMonitor(instruments, symbols, MarketCalendar.nseDefault(), Indicators::create, RiskLimits.DEFAULT,
            RuleEngine.TIME_RULE_GRACE_MS_DEFAULT, outbox, log);
        if (fires != null) {
            monitor.setFillHandler(fires);
        }
        if (feed != null) {
            monitor.risk().setHaltHandler(feed); // halts and lifts become users rows, journal-first like the others
        }
        final CandleBook candles = new CandleBook();
        candles.addListener(monitor);
        for (RuleDefinition d : defs) {
            BacktestRules.trackIndicatorTimeframes(d.trigger(), candles);
        }
        final LogicHandler logic = new LogicHandler(candles, monitor);
        final RuleFrameTracker frames = new RuleFrameTracker(monitor, candles);
        if (feed != null) {
            feed.setLogic(logic);
            logic.setStepListener(e -> {
                frames.onStepDone(e);
                feed.onStepDone(e);
            });
        } else {
            logic.setStepListener(frames);
        }
        return new Pipeline(logic, monitor);
    }

    /**
     * Rows of earlier days the store does not have (the engine stopped while the database was down):
     * re-created from the journal, from the store's watermark to the end of yesterday, before the ring
     * starts (this thread is the writer's producer until then). Today's are re-offered by the restart replay.
     */
    private static void catchUpEarlierDays(final PrintStream err, final EngineStore store, final StoreWriter rows,
                                           final JournalStoreCatchUp catchUp, final long today) throws Exception {
        final long watermark = store.store().withDsl(StoreWriter::readWatermark);
        if (watermark == JournalPosition.NONE || JournalPosition.day(watermark) >= today) {
            return;
        }
        final long through = JournalPosition.of((int) today, 0) - 1; // the end of yesterday
        final long before = rows.offered();
        catchUp.replay(watermark + 1, through, writerSink(rows));
        rows.processedThrough((int) today - 1, JournalPosition.MAX_SEQUENCE);
        if (rows.offered() > before) {
            err.printf("run: %d store rows of earlier days re-created from the journal (after %s)%n", rows.offered() - before,
                JournalPosition.toString(watermark));
        }
    }

    private static String describe(final RiskLimits limits) {
        return "daily loss limit " + (limits.dailyLossLimit() == 0 ? "none"
            : Prices.toDecimal(limits.dailyLossLimit()).toPlainString() + " rupees")
            + ", flatten on halt " + limits.flattenOnHalt();
    }

    /** Every user gets the same limits; the per-minute order cap stays Upstox's own. */
    private static RiskLimits riskLimits(final KavachConfig config) {
        return new RiskLimits(config.riskDailyLossLimitFixed(), RiskLimits.MAX_ORDERS_PER_MINUTE_DEFAULT, config.riskFlattenOnHalt());
    }

    /**
     * A daily-loss halt lasts until the next IST day, and a new day's guard starts with every user
     * active: halts the store still shows from earlier days are lifted as of today's IST midnight —
     * after the rows of earlier days just re-created from the journal are written (bounded wait), so a
     * halt among them cannot land after its lift.
     */
    private static void liftEarlierDaysHalts(final PrintStream err, final EngineStore store, final StoreWriter rows, final long today)
        throws Exception {
        final long deadline = System.nanoTime() + LIFT_WAIT_MS * 1_000_000L; // wall clock: pacing a start-up wait only
        while (rows.written() + rows.dropped() < rows.offered() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        final java.time.Instant midnight = java.time.Instant.ofEpochMilli(MarketClock.istMidnightEpochMs(today));
        final int lifted = store.store().withDsl(dsl -> new io.kavach.store.status.ServiceStatusRepository().liftHaltsBefore(dsl, midnight));
        if (lifted > 0) {
            err.printf("run: %d user halt(s) of earlier days lifted (a daily-loss halt lasts until the next IST day)%n", lifted);
        }
    }

    private static StoreRowSink writerSink(final StoreWriter writer) {
        return new StoreRowSink() {
            @Override
            public void monitorLog(final MonitorLogEntry entry) {
                writer.offer(entry);
            }

            @Override
            public void order(final OrderRow order) {
                writer.offer(order);
            }

            @Override
            public void userHalt(final UserHaltRow halt) {
                writer.offer(halt);
            }
        };
    }

    /** A stored rule worth subscribing for at start: not spent, not expired (disabled ones may be enabled by a fire). */
    private static boolean loadable(final RuleRow r, final long nowMs) {
        return !r.deleted() && (r.maxFires() == null || r.fireCount() < r.maxFires())
            && (r.expiresAt() == null || r.expiresAt().toInstant().toEpochMilli() > nowMs);
    }

    /**
     * The store's rules into the engine before it goes live: what today's journal (or the rules file)
     * already gave the engine is held, every stored rule is compared with it, and what is new or changed
     * is published as journaled rule commands.
     */
    private StoreRuleCommands loadStoreRules(final PrintStream err, final List<RuleRow> storedRules, final EngineRuleCommands engine,
                                             final InstrumentRegistry instruments, final Map<String, String> symbols, final Path root,
                                             final long day, final long last, final String fileRulesJustAdded) {
        final StoreRuleCommands storeRules = new StoreRuleCommands(engine, new RuleParser(instruments, symbols, Indicators::create), clockMs, err);
        if (last >= 0) {
            storeRules.holdFromJournal(root, day, m -> err.println("run: journal damage: " + m));
        }
        if (fileRulesJustAdded != null) {
            storeRules.holdAdded(fileRulesJustAdded);
        }
        for (RuleRow r : storedRules) {
            storeRules.onRuleChanged(r.id(), r.userId(), r.version(), r.toJson());
        }
        storeRules.onChangesDelivered();
        return storeRules;
    }

    /** Once live: changes by LISTEN/NOTIFY (and the poll), through the subscription planner. */
    private void followStoreRules(final EngineStore store, final StoreRuleCommands storeRules, final EngineRuleCommands commands, final LiveEngine engine,
                                  final InstrumentRegistry instruments, final Map<String, String> symbols) throws java.sql.SQLException {
        final SubscriptionPlanner[] planner = new SubscriptionPlanner[1];
        engine.runOnWriterLoop(() -> planner[0] = SubscriptionPlanner.forEngine(engine, instruments, symbols, SubscriptionLimits.UPSTOX_DEFAULT));
        commands.goLive(planner[0]);
        store.startRuleChanges(storeRules, storeRules.heldVersions(store.storedIds()), rulePollIntervalMs);
    }

    private void startHeartbeat(final EngineStore store, final LiveEngine engine, final JournalHandler journal, final IntentQueue intents,
                                final FireReport fires, final TradeMonitor monitor, final StoreRuleCommands storeRules, final StoreRowFeed feed) {
        final Map<String, java.util.function.LongSupplier> counters = new LinkedHashMap<>();
        // racy reads of counters other threads own: a status view, not accounting
        counters.put("frames_decoded", () -> engine.decoder().framesDecoded());
        counters.put("frames_rejected", () -> engine.decoder().framesRejected());
        counters.put("fires", fires::fires);
        counters.put("fills", fires::fills);
        counters.put("intents_sent", intents::sent);
        counters.put("intents_suppressed", intents::suppressed);
        counters.put("rule_commands_refused_by_engine", monitor::rejectedCommands);
        counters.put("store_rules_loaded", storeRules::added);
        counters.put("store_rule_changes", storeRules::changed);
        counters.put("store_rules_refused", storeRules::refused);
        counters.put("store_rules_skipped", storeRules::skipped);
        counters.put("stage_errors", () -> engine.ring().stageErrors());
        store.reporting(() -> feedState(engine, "market"), () -> feedState(engine, "portfolio"),
            () -> feed.lastEventTimeEpochMs() <= 0 ? -1 : Math.max(0, clockMs.getAsLong() - feed.lastEventTimeEpochMs()),
            journal::journaledSequence, counters).startHeartbeat(heartbeatIntervalMs);
    }

    /** The last connection event of a feed ("connected", "disconnected: …"), or null before any. */
    private static String feedState(final LiveEngine engine, final String feedName) {
        final List<String> events = engine.feedEvents();
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i).startsWith(feedName + " ")) {
                return events.get(i).substring(feedName.length() + 1);
            }
        }
        return null;
    }

    private StoreConfig storeConfig(final KavachConfig config) {
        if (dbUrl != null && !dbUrl.startsWith("jdbc:postgresql:")) {
            throw new BadInputException("--db-url: expected a JDBC URL starting with jdbc:postgresql:, got '"
                + io.kavach.store.DatabaseEndpoint.redactUrl(dbUrl) + "'");
        }
        if (dbPasswordFile != null && !Files.isReadable(dbPasswordFile)) {
            throw new BadInputException("--db-password-file: cannot read " + dbPasswordFile);
        }
        final String url = dbUrl != null ? dbUrl : config.dbUrl();
        if (url == null && (dbUser != null || dbPasswordFile != null)) {
            throw new BadInputException("--db-user and --db-password-file need --db-url (without it the embedded database is used)");
        }
        return StoreConfig.resolve(config.home(), url, dbUser, dbPasswordFile, environment);
    }

    private static EngineStore openStore(final StoreConfig storeConfig, final PrintStream err) throws java.io.IOException {
        final long t0 = System.nanoTime(); // wall clock: start-up timing for the operator
        final EngineStore store = EngineStore.open(storeConfig, err);
        err.printf("run: store %s open in %d ms%n", storeConfig, (System.nanoTime() - t0) / 1_000_000);
        return store;
    }

    /**
     * Steps 3 and 4 after the replay: lets go of the re-emitted intents (dropping those the journal holds),
     * re-submits, with a lookup by tag first, every journaled intent the broker never answered, and waits
     * until the orders the journal has open were read at the broker (their fills and cancels while the
     * engine was down reach the positions before going live). Returns whether the journal adds rules.
     */
    private static boolean recover(final PrintStream err, final LiveEngine engine, final TradeMonitor monitor, final IntentQueue intents,
                                   final InstrumentRegistry instruments, final long day, final JournalRecovery.Result result,
                                   final RingErrorHandler replayErrors, final RestartReconciler reconciler) throws InterruptedException {
        if (result == null) {
            engine.runOnWriterLoop(intents::release);
            return false;
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
        final RestartReconciler.Outcome open = reconciler.awaitReads(engine, monitor, RestartReconciler.READ_TIMEOUT_MS_DEFAULT);
        err.printf("run: recovered %d inputs of %s (through sequence %d, %d logic errors): %d intents journaled, %d re-emitted ones dropped, "
                + "%d of unknown fate sent with a lookup first, %d unanswered re-submitted with a lookup first; "
                + "%d open orders re-read at the broker, %d not adoptable by this router, %d unanswered%n",
            result.replayedEvents(), LocalDate.ofEpochDay(day), result.lastSequence(), replayErrors.errors(), result.journaledIntentIds().size(),
            intents.recoveredDropped(), intents.recoveredLookups(), unanswered.size(), open.adopted(), open.notAdopted(), open.unread());
        if (open.unread() > 0) {
            err.printf("run: WARNING: %d open orders were not read at the broker within %d ms: positions may miss fills made while stopped "
                + "until the order gateway's reconciliation reads them%n", open.unread(), RestartReconciler.READ_TIMEOUT_MS_DEFAULT);
        }
        return monitor.ruleAddCommands() > 0; // the replay ran through the monitor on this thread
    }

    private KavachConfig config() throws java.io.IOException {
        try {
            return KavachConfig.load(configFile, environment).with(KavachConfig.HOME, home).with(KavachConfig.RULES_FILE, rules)
                .with(KavachConfig.ORDER_MODE, mode).with(KavachConfig.JOURNAL_ROOT, journalRoot)
                .with(KavachConfig.JOURNAL_PLACEMENT, journalPlacement)
                .with(KavachConfig.RISK_DAILY_LOSS_LIMIT_RUPEES, dailyLossLimitRupees).with(KavachConfig.RISK_FLATTEN_ON_HALT, flattenOnHalt);
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
     * first run writes it (once its rules are accepted). A later run's rules file must need no
     * instrument it lacks; instruments the store's rules need are appended to it (ids only grow, so
     * every journal already written keeps its meaning).
     */
    private static InstrumentRegistry registry(final Path root, final Map<String, String> fileSubscriptions,
                                               final java.util.Collection<String> needed, final PrintStream err) throws java.io.IOException {
        final List<String> keys = new ArrayList<>();
        if (Files.isRegularFile(RunManifest.path(root))) {
            final RunManifest manifest = RunManifest.read(root);
            keys.addAll(manifest.instrumentKeys());
            final List<String> missing = new ArrayList<>();
            for (String key : fileSubscriptions.keySet()) {
                if (!keys.contains(key)) {
                    missing.add(key);
                }
            }
            if (!missing.isEmpty()) {
                throw new BadInputException("journal root " + root + " was started with instruments " + keys + "; the rules also need "
                    + missing + ": journal into a new root (--journal or journal.root)");
            }
            final List<String> added = new ArrayList<>();
            for (String key : needed) {
                if (!keys.contains(key)) {
                    keys.add(key);
                    added.add(key);
                }
            }
            if (!added.isEmpty()) {
                extendManifest(root, manifest, keys);
                err.println("run: the store's rules need instruments " + added + ": added to " + RunManifest.path(root));
            }
        } else {
            keys.addAll(needed);
        }
        final InstrumentRegistry registry = new InstrumentRegistry();
        keys.forEach(registry::register);
        return registry;
    }

    /** Rewrites the manifest with more instrument keys at the end, atomically (a torn manifest would renumber a journal). */
    private static void extendManifest(final Path root, final RunManifest manifest, final List<String> keys) throws java.io.IOException {
        final Path scratch = Files.createTempDirectory(root, ".manifest-");
        try {
            new RunManifest(keys, manifest.timeframe(), manifest.indicators(), manifest.rules(), manifest.symbols(),
                manifest.rulesActivationEpochMs()).writeOrVerify(scratch);
            Files.move(RunManifest.path(scratch), RunManifest.path(root), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(RunManifest.path(scratch));
            Files.deleteIfExists(scratch);
        }
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
