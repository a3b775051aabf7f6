package io.kavach.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kavach.config.Prices;
import io.kavach.sim.auth.AccessTokens;
import io.kavach.sim.auth.AuthorizeCodes;
import io.kavach.sim.auth.FeedKind;
import io.kavach.sim.fault.Faults;
import io.kavach.sim.feed.MarketFeedHub;
import io.kavach.sim.feed.PortfolioFeedHub;
import io.kavach.sim.http.HttpRouteHandler;
import io.kavach.sim.http.RateLimiter;
import io.kavach.sim.http.SelfSignedTls;
import io.kavach.sim.http.SimBackend;
import io.kavach.sim.http.SimServer;
import io.kavach.sim.market.SimInstrument;
import io.kavach.sim.market.SimMarket;
import io.kavach.sim.order.MatchingEngine;
import io.kavach.sim.order.ModifyRequest;
import io.kavach.sim.order.OrderRequest;
import io.kavach.sim.record.ErrorLog;
import io.kavach.sim.record.RequestLog;
import io.kavach.sim.scenario.Scenario;
import io.kavach.sim.scenario.ScenarioDriver;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;

import javax.net.ssl.SSLContext;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An Upstox-compatible server on loopback, in process: authorize endpoints with single-use codes,
 * the market feed V3 (protobuf) and the portfolio feed (JSON) over WebSockets, order REST with a
 * matching engine against its own market, scenarios, fault injection and a record of every request.
 *
 * <pre>{@code
 * try (UpstoxSimulator sim = UpstoxSimulator.start(SimulatorConfig.builder().build())) {
 *     String api = sim.apiBaseUrl();      // authorize, feeds, v2 reads   (api.upstox.com)
 *     String hft = sim.orderBaseUrl();    // v3 place / modify / cancel   (api-hft.upstox.com)
 *     sim.faults().tooManyRequests(3);
 *     ...
 *     sim.requests().assertNoOrderEndpointRequests();
 * }
 * }</pre>
 *
 * <p>Threads: one accept thread and one loop thread ("upstox-sim-loop") that owns every connection
 * and all simulator state. The methods here are safe from any thread; those that read or change
 * state hop onto the loop and wait for it (at most {@link #LOOP_CALL_TIMEOUT_MS}).
 */
public final class UpstoxSimulator implements AutoCloseable {
    public static final long LOOP_CALL_TIMEOUT_MS = 10_000;

    private final SimulatorConfig config;
    private final EventLoopGroup acceptGroup;
    private final EventLoopGroup loopGroup;
    private final EventLoop loop;
    private final AccessTokens tokens = new AccessTokens();
    private final RequestLog requestLog = new RequestLog();
    private final ErrorLog errorLog = new ErrorLog();
    private final SimMarket market;
    private final Faults faults;
    private final MarketFeedHub marketFeed;
    private final PortfolioFeedHub portfolioFeed;
    private final MatchingEngine orders;
    private final RateLimiter rateLimiter;
    private final ScenarioDriver driver;
    private final SelfSignedTls tlsMaterial;
    private final SimServer apiServer;
    private final SimServer orderServer;
    private final String scheme;
    private volatile SimBackend backend;

    private UpstoxSimulator(final SimulatorConfig config) throws InterruptedException {
        this.config = config;
        acceptGroup = new NioEventLoopGroup(1, new DefaultThreadFactory("upstox-sim-accept", true));
        loopGroup = new NioEventLoopGroup(1, new DefaultThreadFactory("upstox-sim-loop", true));
        loop = loopGroup.next();
        config.tokens.forEach(tokens::add);
        final Scenario scenario = config.scenario.get();
        market = new SimMarket(scenario.startMarketTimeMs(), scenario.instruments());
        final ScenarioDriver[] driverRef = new ScenarioDriver[1];
        faults = new Faults(tokens, (t, action) -> driverRef[0].atMarketTime(t, action));
        marketFeed = new MarketFeedHub(market, loop, faults, errorLog);
        portfolioFeed = new PortfolioFeedHub(loop, faults, errorLog);
        faults.attach(FeedKind.MARKET, marketFeed);
        faults.attach(FeedKind.PORTFOLIO, portfolioFeed);
        orders = new MatchingEngine(market, loop, portfolioFeed, faults::nextRejection, config.orderStepDelayMs,
            config.partialFills);
        market.addListener(marketFeed);
        market.addListener(orders);
        driver = new ScenarioDriver(loop, scenario, market, marketFeed::allWritable, config.speed, config.maxPacedGapMs,
            errorLog);
        driverRef[0] = driver;
        rateLimiter = new RateLimiter(config.orderCallLimits, config.otherCallLimits);

        tlsMaterial = config.tls ? new SelfSignedTls() : null;
        final SslContext ssl = tlsMaterial == null ? null : tlsMaterial.serverContext();
        scheme = config.tls ? "https" : "http";
        apiServer = new SimServer(acceptGroup, loopGroup, config.host, config.apiPort, ssl,
            () -> new HttpRouteHandler(backend, false));
        orderServer = new SimServer(acceptGroup, loopGroup, config.host, config.orderPort, ssl,
            () -> new HttpRouteHandler(backend, true));
        backend = new SimBackend(tokens, new AuthorizeCodes(config.codeLifetimeMs), market, orders, marketFeed,
            portfolioFeed, faults, rateLimiter, config.enforceRateLimits, requestLog, errorLog,
            (config.tls ? "wss" : "ws") + "://" + config.host + ":" + apiServer.port(), config.pingIntervalMs);
        driver.start(config.startPaused);
    }

    /** Binds both hosts and starts the scenario (unless the config starts it paused). */
    public static UpstoxSimulator start(final SimulatorConfig config) {
        try {
            return new UpstoxSimulator(config);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the simulator", e);
        }
    }

    // ------------------------------------------------------------------ addresses and TLS

    /** Base URL of the main API host (authorize, feeds, order reads), e.g. {@code http://127.0.0.1:41234}. */
    public String apiBaseUrl() {
        return scheme + "://" + config.host + ":" + apiServer.port();
    }

    /** Base URL of the order host (v3 place, modify, cancel). */
    public String orderBaseUrl() {
        return scheme + "://" + config.host + ":" + orderServer.port();
    }

    public int apiPort() {
        return apiServer.port();
    }

    public int orderPort() {
        return orderServer.port();
    }

    public boolean tls() {
        return config.tls;
    }

    /** The self-signed certificate (TLS only). */
    public X509Certificate certificate() {
        return requireTls().certificate();
    }

    public String certificatePem() {
        return requireTls().certificatePem();
    }

    /** A JDK SSLContext that trusts this simulator's certificate (TLS only). */
    public SSLContext clientSslContext() {
        return requireTls().clientSslContext();
    }

    // ------------------------------------------------------------------ parts tests script and inspect

    /** Tokens: add users, revoke or expire tokens while running. */
    public AccessTokens tokens() {
        return tokens;
    }

    public Faults faults() {
        return faults;
    }

    public RequestLog requests() {
        return requestLog;
    }

    /** Unexpected exceptions inside the simulator (its bugs, not the client's); a healthy run has none. */
    public List<String> errors() {
        return errorLog.all();
    }

    public MarketFeedHub marketFeed() {
        return marketFeed;
    }

    public PortfolioFeedHub portfolioFeed() {
        return portfolioFeed;
    }

    /** Calls over the per-user rate limits answered 429 by the limiter (injected 429s not included). */
    public long rateLimitViolations() {
        return onLoop(rateLimiter::violations);
    }

    // ------------------------------------------------------------------ market and scenario

    public long marketTimeMs() {
        return onLoop(market::marketTimeMs);
    }

    /** Last price of {@code key} in rupees, NaN when the market does not know it. */
    public double lastPrice(final String key) {
        return onLoop(() -> {
            final SimInstrument s = market.instrument(key);
            return s == null ? Double.NaN : Prices.toDouble(s.lastPriceFixed());
        });
    }

    /** Injects one trade print at the current market time, feeds it out and matches orders on it. */
    public void tick(final String key, final double price, final long quantity) {
        onLoop(() -> {
            market.beginBatch(market.marketTimeMs());
            market.apply(key, Prices.toFixed(price), quantity);
            market.endBatch();
            return null;
        });
    }

    /** Injects one trade print at {@code marketTimeMs} (market time never goes backwards). */
    public void tickAt(final long marketTimeMs, final String key, final double price, final long quantity) {
        onLoop(() -> {
            market.beginBatch(marketTimeMs);
            market.apply(key, Prices.toFixed(price), quantity);
            market.endBatch();
            return null;
        });
    }

    /** Moves market time forward without a tick (runs market-time actions, status changes, AMO release). */
    public void advanceMarketTimeTo(final long marketTimeMs) {
        onLoop(() -> {
            market.advanceTo(marketTimeMs);
            return null;
        });
    }

    public void pause() {
        driver.pause();
    }

    public void resume() {
        driver.resume();
    }

    /** Plays the next {@code batches} tick batches now (for a paused scenario); returns how many there were. */
    public int step(final int batches) {
        try {
            return driver.step(batches).get(LOOP_CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("step did not complete", e);
        }
    }

    /** Waits for the scenario to run out of ticks; false on timeout. */
    public boolean awaitScenarioEnd(final Duration timeout) {
        try {
            driver.finished().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (Exception e) {
            throw new IllegalStateException("scenario failed", e);
        }
    }

    public long ticksPlayed() {
        return onLoop(driver::ticksPlayed);
    }

    /** Runs {@code action} on the simulator loop once market time reaches {@code marketTimeMs}. */
    public void atMarketTime(final long marketTimeMs, final Runnable action) {
        driver.atMarketTime(marketTimeMs, action);
    }

    // ------------------------------------------------------------------ orders

    /** Every order of every user, as order-details JSON snapshots in placement order. */
    public List<JsonNode> orders() {
        return onLoop(() -> List.<JsonNode>copyOf(orders.allOrders()));
    }

    /** Every order's history (one snapshot per status), as the history endpoint returns it. */
    public List<JsonNode> orderHistory(final String userId, final String orderId) {
        return onLoop(() -> List.<JsonNode>copyOf(orders.history(userId, orderId, null)));
    }

    public List<JsonNode> trades() {
        return onLoop(() -> List.<JsonNode>copyOf(orders.allTrades()));
    }

    /** Tags carried by more than one accepted order — the duplicates an idempotent client never makes. */
    public List<String> duplicateTags() {
        return onLoop(() -> {
            final Map<String, Integer> counts = new HashMap<>();
            for (ObjectNode o : orders.allOrders()) {
                if (!o.path("tag").isNull()) {
                    counts.merge(o.path("user_id").asText(o.path("placed_by").asText()) + "/" + o.path("tag").asText(), 1, Integer::sum);
                }
            }
            return counts.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).sorted().toList();
        });
    }

    /**
     * Places an order as the user would from the Upstox app or web: it goes through the same
     * lifecycle and portfolio updates but never appears in {@link #requests()}. Returns its id.
     */
    public String placeManualOrder(final String userId, final OrderRequest order) {
        return onLoop(() -> orders.place(userId, order).orderId);
    }

    /** Modifies an order as the user would by hand (not recorded as a request). */
    public MatchingEngine.Outcome modifyManualOrder(final String userId, final ModifyRequest modify) {
        return onLoop(() -> orders.modify(userId, modify));
    }

    /** Cancels an order as the user would by hand (not recorded as a request). */
    public MatchingEngine.Outcome cancelManualOrder(final String userId, final String orderId) {
        return onLoop(() -> orders.cancel(userId, orderId));
    }

    // ------------------------------------------------------------------ lifecycle

    /**
     * An outage: both hosts stop listening and every open connection (REST and feeds) is reset.
     * The market, the scenario and the orders carry on, so clients miss what happens meanwhile.
     */
    public void goOffline() {
        apiServer.goOffline();
        orderServer.goOffline();
    }

    /** Ends an outage: both hosts listen again on the same ports. */
    public void comeBackOnline() {
        apiServer.comeBackOnline();
        orderServer.comeBackOnline();
    }

    @Override
    public void close() {
        apiServer.close();
        orderServer.close();
        loopGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        acceptGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private SelfSignedTls requireTls() {
        if (tlsMaterial == null) {
            throw new IllegalStateException("the simulator runs without TLS; start it with tls(true)");
        }
        return tlsMaterial;
    }

    private <T> T onLoop(final Callable<T> call) {
        if (loop.inEventLoop()) {
            try {
                return call.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        try {
            return loop.submit(call).get(LOOP_CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the simulator loop", e);
        } catch (Exception e) {
            throw new IllegalStateException("simulator loop call failed", e);
        }
    }
}
