package io.kavach.engine.live;

import io.kavach.config.instrument.InstrumentRegistry;
import io.kavach.config.time.MarketCalendar;
import io.kavach.engine.Bootstrap;
import io.kavach.engine.LogicHandler;
import io.kavach.engine.feed.MarketTickPublisher;
import io.kavach.engine.journal.JournalHandler;
import io.kavach.engine.journal.SideEffectGate;
import io.kavach.feed.connection.FeedConnectionConfig;
import io.kavach.feed.connection.FeedConnectionListener;
import io.kavach.feed.market.MarketFeedClient;
import io.kavach.feed.market.MarketFeedDecoder;
import io.kavach.feed.portfolio.PortfolioFeedClient;
import io.kavach.feed.portfolio.PortfolioUpdateDecoder;
import io.kavach.feed.portfolio.PortfolioUpdateHandler;
import io.kavach.feed.portfolio.PortfolioUpdateView;
import io.kavach.order.OrderGatewayConfig;
import io.kavach.order.OrderMode;
import io.kavach.order.OrderRouter;
import io.kavach.order.OrderRouters;
import io.kavach.order.paper.PaperOrderRouter;

import java.net.URI;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The live stage graph of DESIGN.md §1, wired in one place:
 *
 * <pre>
 *  market feed (WS, protobuf) ─┐
 *  portfolio feed (WS, JSON) ──┤  writer loop ──► ring ──► [JournalHandler.journal →] LogicHandler ──► IntentQueue ──► order router
 *  order router callbacks ─────┤  (one Netty               (inline placement: one thread;       (on the writer loop, after the journal)
 *  clock timer ────────────────┘   event loop)               parallel: JournalHandler beside the logic)
 * </pre>
 *
 * Every gateway runs on the one writer loop, which is the ring's only producer. The logic hands order
 * intents back through the {@link IntentQueue}; they leave for the broker once their cause is
 * journaled (inline: always already, the logic thread appended it before handling it; parallel: once
 * the journal thread has). Closing stops the feeds and the clock, drains the ring, and closes the router;
 * the caller closes the journal writer after that, so it outlives the last append in either placement.
 *
 * <p>Threading: built and closed on the caller's thread; everything else runs on the writer loop or the
 * ring's stage threads.
 */
public final class LiveEngine implements AutoCloseable {
    private static final long START_TIMEOUT_S = 10;

    private final LiveSettings settings;
    private final Bootstrap engine;
    private final WriterLoop writer;
    private final IntentQueue intents;
    private final OrderEventPublisher orderEvents;
    private MarketTickPublisher ticks;
    private MarketFeedDecoder decoder;
    private MarketFeedClient market;
    /** Market-data connections beyond the first, opened by the subscription pool. */
    private final Map<Integer, MarketFeedClient> extraMarkets = new java.util.HashMap<>();
    private PortfolioFeedClient portfolio;
    private OrderRouter router;
    private final List<String> feedEvents = new ArrayList<>();
    private String orderToken;
    private final InstrumentRegistry instruments;
    private boolean live;

    private LiveEngine(final LiveSettings settings, final InstrumentRegistry instruments, final MarketCalendar calendar,
                       final LogicHandler logic, final JournalHandler journal, final IntentQueue intents,
                       final long firstInputSequence, final OrderRouters.PaperRouterFactory paper,
                       final Consumer<OrderRouter> beforeRouterTicks) {
        this.settings = settings;
        this.instruments = instruments;
        this.intents = intents;
        this.engine = Bootstrap.start(settings.ring(), journal, logic, firstInputSequence);
        // the clock is read by the gateways only, and everything it stamps is journaled
        this.writer = new WriterLoop(engine.publisher(), settings.clockMs(), settings.writerLoop());
        this.orderEvents = new OrderEventPublisher(engine.publisher(), instruments, settings.clockMs(),
            LiveAlerts.STDERR, settings.userId());
        this.orderEvents.onTokenRejected(() -> refreshOrderToken(true));
        final SideEffectGate gate = journal == null ? SideEffectGate.RELEASE_ALL : journal.gate();
        onLoop(() -> {
            orderToken = settings.tokens().currentToken();
            router = OrderRouters.create(settings.mode(), orderConfig(settings), writer.eventLoop(), System::currentTimeMillis,
                orderEvents, calendar, paper);
            intents.connect(writer.eventLoop(), gate, router);
            if (beforeRouterTicks != null) {
                beforeRouterTicks.accept(router); // same loop task: the router's first tick and reads come after it
            }
            ticks = new MarketTickPublisher(engine.publisher(), instruments);
            decoder = new MarketFeedDecoder(instruments, router instanceof PaperOrderRouter paperRouter
                ? new PaperTickHandler(ticks, paperRouter) : ticks);
        });
    }

    /**
     * Starts the ring, the writer loop, the router and the feeds. {@code journal} may be null (nothing
     * journaled, side effects leave at once); {@code paper} builds the paper router for {@link OrderMode#PAPER}.
     */
    public static LiveEngine start(final LiveSettings settings, final InstrumentRegistry instruments, final MarketCalendar calendar,
                                   final LogicHandler logic, final JournalHandler journal, final IntentQueue intents,
                                   final long firstInputSequence, final OrderRouters.PaperRouterFactory paper) {
        final LiveEngine engine = new LiveEngine(settings, instruments, calendar, logic, journal, intents, firstInputSequence, paper, null);
        engine.goLive();
        return engine;
    }

    /**
     * Starts the ring, the writer loop and the router, but no feed and no clock: the caller is the
     * ring's producer until {@link #goLive()} (restart recovery replays the journal in between; hold
     * the {@link IntentQueue} while it does, or the router's answers would be a second producer).
     */
    public static LiveEngine startForRecovery(final LiveSettings settings, final InstrumentRegistry instruments, final MarketCalendar calendar,
                                              final LogicHandler logic, final JournalHandler journal, final IntentQueue intents,
                                              final long firstInputSequence, final OrderRouters.PaperRouterFactory paper) {
        return startForRecovery(settings, instruments, calendar, logic, journal, intents, firstInputSequence, paper, null);
    }

    /**
     * As {@link #startForRecovery(LiveSettings, InstrumentRegistry, MarketCalendar, LogicHandler, JournalHandler, IntentQueue, long,
     * OrderRouters.PaperRouterFactory)}, handing the new router to {@code beforeRouterTicks} on the writer loop before its first
     * tick (a restart adopts the orders its journal has open, before the router's first reconciliation could take them for
     * orders of someone else).
     */
    public static LiveEngine startForRecovery(final LiveSettings settings, final InstrumentRegistry instruments, final MarketCalendar calendar,
                                              final LogicHandler logic, final JournalHandler journal, final IntentQueue intents,
                                              final long firstInputSequence, final OrderRouters.PaperRouterFactory paper,
                                              final Consumer<OrderRouter> beforeRouterTicks) {
        return new LiveEngine(settings, instruments, calendar, logic, journal, intents, firstInputSequence, paper, beforeRouterTicks);
    }

    /** Connects the feeds and starts the clock; from here on the writer loop is the ring's only producer. */
    public void goLive() {
        onLoop(() -> {
            if (live) {
                return;
            }
            live = true;
            final Random jitter = new SecureRandom();
            market = new MarketFeedClient(writer.eventLoop(), feedConfig("market", FeedConnectionConfig.MARKET_AUTHORIZE_PATH),
                settings.tokens(), decoder, new FeedEvents(), jitter);
            for (Map.Entry<String, List<String>> byMode : groupByMode(settings.subscriptions()).entrySet()) {
                market.subscribe(byMode.getValue(), byMode.getKey());
            }
            market.start();
            if (settings.mode() == OrderMode.LIVE) {
                portfolio = new PortfolioFeedClient(writer.eventLoop(), feedConfig("portfolio", FeedConnectionConfig.PORTFOLIO_AUTHORIZE_PATH),
                    settings.tokens(), new PortfolioUpdateDecoder(instruments, new PortfolioToRouter()), new FeedEvents(), jitter);
                portfolio.start();
            }
            writer.startClock(settings.clockPeriodMs());
        });
    }

    /**
     * Opens market-data connection {@code index} (1-based name "market-{index+1}") for the
     * {@link MarketFeedPool}: same authorize URL, token, decoder and alerts as the first. Writer loop.
     */
    MarketFeedClient openMarketFeed(final int index) {
        final MarketFeedClient extra = new MarketFeedClient(writer.eventLoop(),
            feedConfig("market-" + (index + 1), FeedConnectionConfig.MARKET_AUTHORIZE_PATH), settings.tokens(), decoder, new FeedEvents(),
            new SecureRandom());
        extraMarkets.put(index, extra); // one the pool stopped earlier at this index is replaced
        extra.start();
        return extra;
    }

    private void stopExtraMarketFeeds() {
        extraMarkets.values().forEach(MarketFeedClient::stop);
        extraMarkets.clear();
    }

    private static Map<String, List<String>> groupByMode(final Map<String, String> subscriptions) {
        final Map<String, List<String>> byMode = new java.util.TreeMap<>();
        subscriptions.forEach((key, mode) -> byMode.computeIfAbsent(mode, m -> new ArrayList<>()).add(key));
        return byMode;
    }

    private FeedConnectionConfig feedConfig(final String name, final String authorizePath) {
        final FeedConnectionConfig c = new FeedConnectionConfig(name, URI.create(settings.apiBaseUrl() + authorizePath));
        if (settings.feedSsl() != null) {
            c.sslContext(settings.feedSsl());
        }
        return c.pingIntervalMs(settings.feedPingIntervalMs()).pongTimeoutMs(settings.feedPongTimeoutMs());
    }

    private static OrderGatewayConfig orderConfig(final LiveSettings s) {
        final OrderGatewayConfig c = new OrderGatewayConfig().orderBaseUri(s.orderBaseUrl()).readBaseUri(s.apiBaseUrl())
            .marketHoursCheck(s.marketHoursCheck());
        final String token = s.tokens().currentToken();
        if (token != null) {
            c.accessToken(token);
        }
        // the router keeps this token until refreshOrderToken hands it a fresher one
        if (s.orderTrust() != null) {
            c.trustManagerFactory(s.orderTrust());
        }
        return c;
    }

    private void onLoop(final Runnable task) {
        try {
            writer.eventLoop().submit(task).get(START_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the live engine", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the live engine did not start: " + e.getCause(), e);
        }
    }

    /** Runs {@code task} on the writer loop and waits for it (for status reads and tests). */
    public void runOnWriterLoop(final Runnable task) {
        onLoop(task);
    }

    public LiveSettings settings() {
        return settings;
    }

    public Bootstrap ring() {
        return engine;
    }

    public WriterLoop writer() {
        return writer;
    }

    public IntentQueue intents() {
        return intents;
    }

    public OrderRouter router() {
        return router;
    }

    public MarketFeedClient marketFeed() {
        return market;
    }

    public MarketTickPublisher ticks() {
        return ticks;
    }

    public MarketFeedDecoder decoder() {
        return decoder;
    }

    public OrderEventPublisher orderEvents() {
        return orderEvents;
    }

    /** Connection events seen so far ("market connected", "market disconnected: …"), oldest first. */
    public synchronized List<String> feedEvents() {
        return new ArrayList<>(feedEvents);
    }

    /**
     * Stops the feeds and the clock, lets the ring drain, sends what the logic decided and closes the
     * router while the journal stage still runs (its last intents and answers are journaled), then
     * drains and stops the ring and the loop. Nothing is published after the stages stop.
     */
    @Override
    public void close() {
        onLoop(() -> {
            if (market != null) {
                market.stop();
            }
            stopExtraMarketFeeds();
            if (portfolio != null) {
                portfolio.stop();
            }
            writer.stopClock();
        });
        engine.awaitDrained();
        onLoop(() -> {
            intents.drain();
            router.close();
        });
        engine.close();
        writer.close();
    }

    /**
     * Keeps the order router on the token the feeds use: after a 401 from the broker (reload from the
     * source) and whenever a feed reconnects with a token the router does not have yet — so the 03:30 IST
     * rollover needs no restart. Writer loop only; the token never leaves memory.
     */
    private void refreshOrderToken(final boolean reload) {
        final String token = reload ? settings.tokens().reload() : settings.tokens().currentToken();
        if (token != null && !token.equals(orderToken) && router instanceof io.kavach.order.live.LiveOrderRouter live) {
            orderToken = token;
            live.updateAccessToken(token);
        }
    }

    /** Feed connection events: kept for the status view and printed for the operator. */
    private final class FeedEvents implements FeedConnectionListener {
        @Override
        public void onConnected(final String feedName) {
            record(feedName + " connected");
            refreshOrderToken(false);
        }

        @Override
        public void onDisconnected(final String feedName, final String reason, final long retryInMs) {
            record(feedName + " disconnected: " + reason + "; retrying in " + retryInMs + " ms");
        }

        @Override
        public void onPaused(final String feedName, final String alert, final long recheckInMs) {
            record(feedName + " paused: " + alert);
            LiveAlerts.STDERR.alert(feedName + " feed paused: " + alert);
        }

        @Override
        public void onBadFrame(final String feedName, final String description) {
            record(feedName + " bad frame: " + description);
        }

        private void record(final String event) {
            synchronized (LiveEngine.this) {
                feedEvents.add(event);
            }
        }
    }

    /** Portfolio-feed order updates go to the live router, which owns the order lifecycle and reports it back. */
    private final class PortfolioToRouter implements PortfolioUpdateHandler {
        private byte[] scratch = new byte[4096];

        @Override
        public void onOrderUpdate(final PortfolioUpdateView order) {
            forward(order);
        }

        @Override
        public void onPositionUpdate(final PortfolioUpdateView position) {
            forward(position); // a position closed by hand turns the exits still queued into no-ops
        }

        private void forward(final PortfolioUpdateView update) {
            final int length = update.jsonLength();
            if (scratch.length < length) {
                scratch = new byte[length];
            }
            System.arraycopy(update.json(), update.jsonOffset(), scratch, 0, length);
            router.onPortfolioFrame(scratch, length);
        }

        @Override
        public void onOtherUpdate(final PortfolioUpdateView update) {
            // holdings and GTT updates carry nothing the engine acts on
        }
    }
}
