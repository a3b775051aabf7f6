package io.kavach.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.kavach.config.Prices;
import io.kavach.config.instrument.InstrumentMaster;
import io.kavach.config.instrument.InstrumentRegistry;
import io.kavach.config.time.MarketCalendar;
import io.kavach.engine.EngineSettings;
import io.kavach.engine.LogicHandler;
import io.kavach.engine.action.TradeMonitor;
import io.kavach.engine.backtest.FireReport;
import io.kavach.engine.candle.CandleBook;
import io.kavach.engine.indicator.Indicators;
import io.kavach.engine.live.IntentQueue;
import io.kavach.engine.live.LiveEngine;
import io.kavach.engine.live.LiveSettings;
import io.kavach.engine.live.RuleCommandPublisher;
import io.kavach.engine.live.RuleIntentOutbox;
import io.kavach.engine.live.TokenSources;
import io.kavach.engine.output.JsonLines;
import io.kavach.engine.position.PositionBook;
import io.kavach.engine.risk.RiskLimits;
import io.kavach.engine.rule.RuleEngine;
import io.kavach.engine.rule.RuleDefinition;
import io.kavach.order.OrderMode;
import io.kavach.sim.SimulatorConfig;
import io.kavach.sim.UpstoxSimulator;
import io.kavach.sim.scenario.BarScenario;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code kavach demo}: the whole engine against a local Upstox, with nothing to configure. An
 * Upstox-compatible simulator starts in process and plays a real trading day of NIFTY and BANKNIFTY
 * (shipped bars, four ticks a minute) at an accelerated pace; the engine connects to it over real
 * sockets through the live code path — authorize, market and portfolio WebSockets, order REST, the
 * simulator being the broker — with sample rules: an OCO stop-loss/target, a trailing stop, an RSI
 * entry with a bracket and the 15:15 square-off. It ends with a summary of fires, orders, fills, P&L
 * and tick-to-order latency.
 *
 * <p>The simulator's market time is 2023, so the gateways use its market clock instead of the wall
 * clock and the order gateway's market-hours check is off: the only departures from a live run.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Runs the engine against an in-process Upstox simulator playing a real NIFTY/BANKNIFTY day; ends with a summary.")
public final class DemoCommand implements Callable<Integer> {
    static final String DEFAULT_RULES_RESOURCE = "examples/demo-2023-01-02.json";
    private static final int USER_ID = 1;

    @Option(names = "--date", defaultValue = "2023-01-02", description = "IST trading day of the shipped bars to play (default ${DEFAULT-VALUE}).")
    LocalDate date;

    @Option(names = "--speed", defaultValue = "1000", description = "Market time runs this many times faster than the wall clock (default ${DEFAULT-VALUE}: a day in about 25 s).")
    double speed;

    @Option(names = "--rules", paramLabel = "FILE", description = "Rules JSON (the MonitorRule model); default: the bundled demo rules for 2023-01-02.")
    Path rules;

    @Option(names = "--out", defaultValue = "demo-out", paramLabel = "DIR", description = "Where fires.jsonl goes (default ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        final PrintStream err = System.err;
        final String rulesJson = readRules();
        final byte[] rulesPayload;
        try {
            rulesPayload = RuleCommandPublisher.payloadOf(rulesJson);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--rules: " + e.getMessage());
        }
        if (speed <= 0) {
            throw new BadInputException("--speed must be positive, got " + speed);
        }
        Files.createDirectories(out);

        final InstrumentRegistry instruments = new InstrumentRegistry();
        instruments.register(InstrumentMaster.NIFTY_50);
        instruments.register(InstrumentMaster.NIFTY_BANK);
        final Map<String, String> symbols = InstrumentMaster.builtIn().symbolToKey();

        try (UpstoxSimulator sim = UpstoxSimulator.start(SimulatorConfig.builder()
                .scenario(() -> BarScenario.shipped(date, date)).speed(speed).startPaused(true).build());
             JsonLines fireLines = new JsonLines(new BufferedOutputStream(Files.newOutputStream(out.resolve("fires.jsonl"))))) {
            err.printf("demo: simulator at %s (orders %s), playing %s at %.0fx%n", sim.apiBaseUrl(), sim.orderBaseUrl(), date, speed);

            // check the rules before anything connects: a bad file is a message, not a half-started demo
            final TradeMonitor validator = monitor(instruments, symbols, new FireReport(instruments, new JsonLines(java.io.OutputStream.nullOutputStream())));
            final List<RuleDefinition> defs;
            try {
                defs = validator.addRules(rulesJson, sim.marketTimeMs());
            } catch (io.kavach.engine.rule.RuleRejectedException e) {
                throw new BadInputException("--rules refused, nothing activated:\n  " + String.join("\n  ", e.problems()));
            }

            final CandleBook candles = new CandleBook();
            final FireReport fires = new FireReport(instruments, fireLines);
            final TradeMonitor monitor = monitor(instruments, symbols, fires);
            monitor.setFillHandler(fires);
            candles.addListener(monitor);
            for (RuleDefinition d : defs) {
                io.kavach.engine.backtest.BacktestRules.trackIndicatorTimeframes(d.trigger(), candles);
            }
            final LogicHandler logic = new LogicHandler(candles, monitor);
            final IntentQueue intents = new IntentQueue(IntentQueue.CAPACITY_DEFAULT);
            fires.setTarget(new RuleIntentOutbox(intents, instruments, logic));

            final Map<String, String> subscriptions = new LinkedHashMap<>();
            subscriptions.put(InstrumentMaster.NIFTY_50, "ltpc");
            subscriptions.put(InstrumentMaster.NIFTY_BANK, "ltpc");
            final LiveSettings settings = new LiveSettings(sim.apiBaseUrl(), sim.orderBaseUrl(), null, null,
                TokenSources.fixed("sim-token"), OrderMode.LIVE, USER_ID, subscriptions, EngineSettings.defaults(),
                1_000, false, sim::marketTimeMs);
            final long started = System.nanoTime(); // wall clock for the operator's summary only
            final AtomicReference<Histogram> latency = new AtomicReference<>();
            try (LiveEngine engine = LiveEngine.start(settings, instruments, MarketCalendar.nseDefault(), logic, null, intents, 0, null)) {
                final RuleCommandPublisher commands = new RuleCommandPublisher(engine.ring().publisher(), sim::marketTimeMs, USER_ID);
                engine.runOnWriterLoop(() -> commands.add(rulesPayload));
                awaitSubscribed(sim);
                sim.resume();
                final long timeoutS = (long) Math.max(120, 4 * 24 * 3600 / speed);
                if (!sim.awaitScenarioEnd(Duration.ofSeconds(timeoutS))) {
                    err.println("demo: the simulator did not finish its day within " + timeoutS + " s; stopping early");
                }
                awaitQuiet(engine, sim);
                engine.runOnWriterLoop(() -> latency.set(engine.intents().tickToIntentNanos().copy()));
                err.printf("demo: %d ticks played, %d frames decoded, %d rejected%n", sim.ticksPlayed(),
                    engine.decoder().framesDecoded(), engine.decoder().framesRejected());
            }
            printSummary(err, sim, fires, monitor.positions(), instruments, latency.get(), (System.nanoTime() - started) / 1e9);
            return sim.duplicateTags().isEmpty() ? KavachMain.EXIT_OK : KavachMain.EXIT_FAILURE;
        }
    }

    private static TradeMonitor monitor(final InstrumentRegistry instruments, final Map<String, String> symbols, final FireReport report) {
        return new TradeMonitor(instruments, symbols, MarketCalendar.nseDefault(), Indicators::create, RiskLimits.DEFAULT,
            RuleEngine.TIME_RULE_GRACE_MS_DEFAULT, report, report);
    }

    private String readRules() throws IOException {
        if (rules != null) {
            if (!Files.isReadable(rules)) {
                throw new BadInputException("--rules " + rules + ": no such readable file");
            }
            return Files.readString(rules, StandardCharsets.UTF_8);
        }
        try (InputStream in = DemoCommand.class.getClassLoader().getResourceAsStream(DEFAULT_RULES_RESOURCE)) {
            if (in == null) {
                throw new IOException("the bundled demo rules " + DEFAULT_RULES_RESOURCE + " are missing from the JAR");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void awaitSubscribed(final UpstoxSimulator sim) throws InterruptedException {
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (sim.marketFeed().subscriptions().stream().mapToInt(Map::size).sum() < 2 || sim.portfolioFeed().connectionCount() < 1) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the engine did not connect to the simulator's feeds within 10 s");
            }
            Thread.sleep(5);
        }
    }

    /** After the last tick: wait until every intent left and the broker has no order still moving. */
    private static void awaitQuiet(final LiveEngine engine, final UpstoxSimulator sim) throws InterruptedException {
        final long deadline = System.nanoTime() + 10_000_000_000L;
        int quietRounds = 0;
        while (quietRounds < 20 && System.nanoTime() < deadline) {
            final boolean moving = engine.intents().pending() > 0 || sim.orders().stream().anyMatch(o -> {
                final String s = o.path("status").asText();
                return !(s.equals("complete") || s.equals("rejected") || s.equals("cancelled") || s.equals("open") || s.equals("trigger pending"));
            });
            quietRounds = moving ? 0 : quietRounds + 1;
            Thread.sleep(25);
        }
    }

    private void printSummary(final PrintStream err, final UpstoxSimulator sim, final FireReport fires, final PositionBook positions,
                              final InstrumentRegistry instruments, final Histogram latency, final double seconds) {
        final List<JsonNode> orders = sim.orders();
        final List<JsonNode> trades = sim.trades();
        final PrintStream o = System.out;
        o.println();
        o.printf("Kavach demo — %s, NIFTY 50 and NIFTY BANK, %d ticks in %.1f s of wall time%n", date, sim.ticksPlayed(), seconds);
        o.printf("  fires:  %d (every fire, with its trigger snapshot and intent: %s)%n", fires.fires(), out.resolve("fires.jsonl"));
        o.printf("  orders: %d placed at the broker, %d complete, %d rejected; duplicate tags: %d%n", orders.size(),
            orders.stream().filter(n -> n.path("status").asText().equals("complete")).count(),
            orders.stream().filter(n -> n.path("status").asText().equals("rejected")).count(), sim.duplicateTags().size());
        o.printf("  fills:  %d%n", trades.size());
        for (JsonNode t : trades) {
            o.printf("          %s %s %s x%d @ %s  (order %s)%n", t.path("exchange_timestamp").asText(t.path("order_timestamp").asText("")),
                t.path("transaction_type").asText(), t.path("trading_symbol").asText(t.path("instrument_token").asText()),
                t.path("quantity").asLong(), t.path("average_price").asText(t.path("price").asText()), t.path("order_id").asText(""));
        }
        final PositionBook.UserPnl pnl = positions.pnl(USER_ID);
        o.printf("  P&L:    realized %s, unrealized %s, total %s (INR)%n", rupees(pnl.realized()), rupees(pnl.unrealized()), rupees(pnl.total()));
        if (latency != null && latency.getTotalCount() > 0) {
            o.printf("  tick → order router latency over %d intents (µs): p50 %.1f, p99 %.1f, p99.9 %.1f, max %.1f%n",
                latency.getTotalCount(), latency.getValueAtPercentile(50) / 1e3, latency.getValueAtPercentile(99) / 1e3,
                latency.getValueAtPercentile(99.9) / 1e3, latency.getMaxValue() / 1e3);
        }
        o.printf("  rate-limit violations at the broker: %d; simulator errors: %d%n", sim.rateLimitViolations(), sim.errors().size());
    }

    private static String rupees(final long fixed) {
        final StringBuilder sb = new StringBuilder();
        JsonLines.appendPrice(sb, fixed);
        return sb.toString();
    }
}
