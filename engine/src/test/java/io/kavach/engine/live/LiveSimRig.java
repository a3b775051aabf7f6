package io.kavach.engine.live;

import io.kavach.config.instrument.InstrumentRegistry;
import io.kavach.config.time.MarketCalendar;
import io.kavach.config.time.MarketClock;
import io.kavach.engine.EngineSettings;
import io.kavach.engine.LogicHandler;
import io.kavach.engine.action.TradeMonitor;
import io.kavach.engine.backtest.FireReport;
import io.kavach.engine.candle.CandleBook;
import io.kavach.engine.indicator.Indicators;
import io.kavach.engine.output.JsonLines;
import io.kavach.engine.risk.RiskLimits;
import io.kavach.engine.rule.RuleEngine;
import io.kavach.feed.connection.TokenSource;
import io.kavach.order.OrderMode;
import io.kavach.sim.SimulatorConfig;
import io.kavach.sim.UpstoxSimulator;
import io.kavach.sim.scenario.InstrumentSpec;
import io.kavach.sim.scenario.Scenario;

import java.io.OutputStream;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * The live engine in {@link OrderMode#LIVE} against an in-process simulator over loopback sockets, on
 * a quiet market that moves only when the test prints a tick: the trade monitor, the subscription
 * planner and one user's rule commands. Test-thread helper.
 */
final class LiveSimRig implements AutoCloseable {
    static final String RELIANCE = "NSE_EQ|INE002A01018";
    static final String TCS = "NSE_EQ|INE467B01029";
    static final int USER = 1;
    /** 2023-01-02 09:15 IST, a trading Monday. */
    static final long OPEN_MS = MarketClock.epochMsAt(LocalDate.of(2023, 1, 2).toEpochDay(), MarketClock.SESSION_OPEN_MINUTE);
    static final long WAIT_MS = 15_000;

    final UpstoxSimulator sim;
    final InstrumentRegistry instruments = new InstrumentRegistry();
    final FireReport fires;
    final TradeMonitor monitor;
    final LiveEngine engine;
    final SubscriptionPlanner planner;
    final LiveRuleCommands rules;
    private final AtomicLong marketMs = new AtomicLong(OPEN_MS);

    private LiveSimRig(final UnaryOperator<SimulatorConfig.Builder> simTuning, final TokenSource tokens,
                       final UnaryOperator<LiveSettings> settingsTuning, final SubscriptionLimits limits) {
        sim = UpstoxSimulator.start(simTuning.apply(SimulatorConfig.builder().pingIntervalMs(200)
            .scenario(() -> Scenario.quiet(OPEN_MS, List.of(InstrumentSpec.of(RELIANCE, 2500.0), InstrumentSpec.of(TCS, 3300.0))))).build());
        instruments.register(RELIANCE);
        instruments.register(TCS);
        fires = new FireReport(instruments, new JsonLines(OutputStream.nullOutputStream()));
        monitor = new TradeMonitor(instruments, Map.of(), MarketCalendar.nseDefault(), Indicators::create, RiskLimits.DEFAULT,
            RuleEngine.TIME_RULE_GRACE_MS_DEFAULT, fires, fires);
        final CandleBook candles = new CandleBook();
        candles.addListener(monitor);
        final LogicHandler logic = new LogicHandler(candles, monitor);
        final IntentQueue intents = new IntentQueue(IntentQueue.CAPACITY_DEFAULT);
        fires.setTarget(new RuleIntentOutbox(intents, instruments, logic));
        final LiveSettings settings = settingsTuning.apply(new LiveSettings(sim.apiBaseUrl(), sim.orderBaseUrl(), null, null, tokens,
            OrderMode.LIVE, USER, Map.of(), EngineSettings.defaults(), 1_000, false, sim::marketTimeMs));
        engine = LiveEngine.start(settings, instruments, MarketCalendar.nseDefault(), logic, null, intents, 0, null);
        final SubscriptionPlanner[] made = new SubscriptionPlanner[1];
        engine.runOnWriterLoop(() -> made[0] = SubscriptionPlanner.forEngine(engine, instruments, Map.of(), limits));
        planner = made[0];
        rules = new LiveRuleCommands(engine, planner, USER);
    }

    static LiveSimRig start() {
        return start(b -> b, TokenSources.fixed(SimulatorConfig.DEFAULT_TOKEN), s -> s);
    }

    static LiveSimRig start(final UnaryOperator<SimulatorConfig.Builder> simTuning, final TokenSource tokens,
                            final UnaryOperator<LiveSettings> settingsTuning) {
        return new LiveSimRig(simTuning, tokens, settingsTuning, SubscriptionLimits.UPSTOX_DEFAULT);
    }

    static LiveSimRig start(final SubscriptionLimits limits) {
        return new LiveSimRig(b -> b, TokenSources.fixed(SimulatorConfig.DEFAULT_TOKEN), s -> s, limits);
    }

    /** A price rule that sells one share with a market order, at most once. */
    static String priceRule(final long id, final String name, final String key, final String condition, final double price,
                            final String reference) {
        return "{\"id\":" + id + ",\"user_id\":" + USER + ",\"name\":\"" + name + "\",\"instrument_token\":\"" + key + "\","
            + "\"trigger_type\":\"price\",\"trigger_config\":{\"condition\":\"" + condition + "\",\"price\":" + price
            + ",\"reference\":\"" + reference + "\"},\"action_type\":\"place_order\",\"action_config\":{\"transaction_type\":\"SELL\","
            + "\"quantity\":1,\"order_type\":\"MARKET\",\"product\":\"I\"},\"max_fires\":1}";
    }

    /** A trade print one market second after the previous one. */
    void tick(final String key, final double price) {
        sim.tickAt(marketMs.addAndGet(1_000), key, price, 10);
    }

    long marketConnects() {
        return engine.feedEvents().stream().filter(e -> e.equals("market connected")).count();
    }

    /** Waits until the simulator's one market connection carries {@code key} in a mode starting with {@code mode}. */
    void awaitSubscribed(final String key, final String mode) throws InterruptedException {
        awaitTrue(() -> {
            final List<Map<String, String>> subs = sim.marketFeed().subscriptions();
            return subs.size() == 1 && subs.get(0).getOrDefault(key, "").startsWith(mode);
        }, "market connection subscribed to " + key + " in " + mode + "; simulator sees " + sim.marketFeed().subscriptions());
    }

    long framesRejected() {
        final long[] n = new long[1];
        engine.runOnWriterLoop(() -> n[0] = engine.decoder().framesRejected());
        return n[0];
    }

    static void awaitTrue(final BooleanSupplier condition, final String what) throws InterruptedException {
        final long deadline = System.nanoTime() + WAIT_MS * 1_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT_MS + " ms: " + what);
            }
            Thread.sleep(10);
        }
    }

    @Override
    public void close() {
        try {
            engine.close();
        } finally {
            sim.close();
        }
    }
}
