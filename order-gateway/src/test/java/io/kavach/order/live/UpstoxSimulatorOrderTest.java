package io.kavach.order.live;

import io.kavach.config.Prices;
import io.kavach.config.time.MarketCalendar;
import io.kavach.order.AckCode;
import io.kavach.order.OrderCodes;
import io.kavach.order.OrderGatewayConfig;
import io.kavach.order.OrderIntent;
import io.kavach.order.OrderMode;
import io.kavach.order.OrderRouter;
import io.kavach.order.OrderRouters;
import io.kavach.order.OrderStatus;
import io.kavach.order.SubmitResult;
import io.kavach.order.limit.RateLimits;
import io.kavach.order.testserver.RecordingOrderEventHandler;
import io.kavach.order.testserver.RecordingOrderEventHandler.Ack;
import io.kavach.sim.SimulatorConfig;
import io.kavach.sim.UpstoxSimulator;
import io.kavach.sim.http.Endpoint;
import io.kavach.sim.record.RecordedRequest;
import io.kavach.sim.scenario.InstrumentSpec;
import io.kavach.sim.scenario.Scenario;
import io.netty.channel.EventLoop;
import io.netty.channel.nio.NioEventLoopGroup;
import org.agrona.concurrent.SystemEpochClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.net.ssl.TrustManagerFactory;
import java.security.KeyStore;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The live router against tools/upstox-sim over real TLS, in real time (the simulator enforces
 * Upstox's limits on the wall clock and answers 429 to anything over them). Market-hours handling
 * is off here (the wall-clock date is arbitrary; windows are tested with a fake clock elsewhere).
 */
class UpstoxSimulatorOrderTest {
    private static final String KEY = "NSE_EQ|INE002A01018";
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private static final long OPEN_MS = ZonedDateTime.of(2026, 11, 20, 9, 20, 0, 0, ZoneId.of("Asia/Kolkata")).toInstant().toEpochMilli();

    private final NioEventLoopGroup group = new NioEventLoopGroup(1);
    private final EventLoop loop = group.next();
    private final LoopCalls calls = new LoopCalls(loop);
    private final RecordingOrderEventHandler events = new RecordingOrderEventHandler();
    private UpstoxSimulator sim;
    private OrderRouter router;

    @AfterEach
    void tearDown() {
        if (router != null) {
            calls.onLoop(() -> {
                router.close();
                return null;
            });
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        if (sim != null) {
            sim.close();
        }
    }

    private void startSim() {
        sim = UpstoxSimulator.start(SimulatorConfig.builder()
                .tls(true)
                .scenario(() -> Scenario.quiet(OPEN_MS, List.of(InstrumentSpec.of(KEY, 2500.0))))
                .build());
    }

    private OrderGatewayConfig config() throws Exception {
        final KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("sim", sim.certificate());
        final TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        return new OrderGatewayConfig()
                .orderBaseUri(sim.orderBaseUrl()).readBaseUri(sim.apiBaseUrl())
                .accessToken(SimulatorConfig.DEFAULT_TOKEN).algoName("kavach-sim-test")
                .trustManagerFactory(tmf).marketHoursCheck(false)
                .requestTimeoutMs(1_500).lookupSettleMs(500).verifyDelayMs(300)
                .retryBackoffMs(200, 2_000);
    }

    private OrderRouter live(final OrderGatewayConfig config) {
        return calls.onLoop(() -> OrderRouters.create(OrderMode.LIVE, config, loop, SystemEpochClock.INSTANCE, events,
                MarketCalendar.nseDefault(), (l, c, h) -> {
                    throw new AssertionError("no paper router in live mode");
                }));
    }

    private static OrderIntent limit(final long id, final byte side, final double price, final String tag) {
        return new OrderIntent().place(id, side, 1).orderType(OrderCodes.TYPE_LIMIT).price(Prices.toFixed(price))
                .instrumentKey(KEY).tag(tag);
    }

    @Test
    void shouldPlaceModifyAndCancelAgainstTheSimulatorOverTls() throws Exception {
        startSim();
        router = live(config());
        final LiveOrderRouter r = (LiveOrderRouter) router;
        calls.onLoop(() -> router.submit(limit(1, OrderCodes.SIDE_BUY, 2400.0, "sim-1")));
        calls.await(() -> r.order(1).status() == OrderStatus.OPEN, 10_000, "the order to be confirmed open");
        final String id = calls.onLoop(() -> r.order(1).brokerOrderId().toString());

        calls.onLoop(() -> router.submit(new OrderIntent().modify(2, 1).orderType(OrderCodes.TYPE_LIMIT).quantity(2)
                .price(Prices.toFixed(2410.0))));
        calls.await(() -> !events.acksFor(2).isEmpty(), 10_000, "the modify ack");
        assertEquals(AckCode.ACCEPTED, calls.onLoop(() -> events.acksFor(2).get(0).code));

        calls.onLoop(() -> router.submit(new OrderIntent().cancel(3, 1)));
        calls.await(() -> r.order(1).status() == OrderStatus.CANCELLED, 10_000, "the cancel to be confirmed");
        assertEquals(AckCode.ACCEPTED, calls.onLoop(() -> events.acksFor(3).get(0).code));
        assertEquals(2L, calls.onLoop(() -> r.order(1).quantity()));
        assertTrue(sim.requests().to(Endpoint.PLACE_ORDER).stream().allMatch(q -> "kavach-sim-test".equals(q.algoName())));
        assertEquals(1, sim.orders().stream().filter(o -> o.path("order_id").asText().equals(id)).count());
        assertEquals(0L, sim.rateLimitViolations());
    }

    @Test
    void shouldStayInsideTheSimulatorsRateLimitsAndNeverDuplicateUnderFaults() throws Exception {
        startSim();
        final int entries = 40;
        final int exits = 20;
        sim.faults().tooManyRequests(3)
                .serverError(Endpoint.PLACE_ORDER, 2, 503, true)
                .noAnswer(Endpoint.PLACE_ORDER, 2, true)
                .serverError(Endpoint.ORDER_HISTORY, 1, 500, false);
        // The limiter spaces *sends*; the simulator counts *arrivals* when its loop reads them. Here the
        // simulator shares the JVM and a 2-core machine running ~15 other processes: a run was seen where
        // nine requests sent together were read 560 ms late while two sent 1.25 s after them were read at
        // once (a pause hits requests already on the wire, not those sent after it). The margin that
        // absorbs such arrival jitter is raised from the 50 ms default to 1 s for this real-time test;
        // exact limit checks run on a fake clock in OrderBurstTest.
        router = live(config().orderLimits(new RateLimits(RateLimits.ORDER_COUNTS_DEFAULT, RateLimits.ORDER_WINDOWS_MS_DEFAULT, 1_000))
                .readLimits(new RateLimits(RateLimits.READ_COUNTS_DEFAULT, RateLimits.READ_WINDOWS_MS_DEFAULT, 1_000)));
        final LiveOrderRouter r = (LiveOrderRouter) router;
        calls.onLoop(() -> {
            final OrderIntent in = new OrderIntent();
            for (int i = 1; i <= entries + exits; i++) {
                final boolean exit = i > entries;
                router.submit(in.reset().place(i, exit ? OrderCodes.SIDE_SELL : OrderCodes.SIDE_BUY, 1)
                        .orderType(OrderCodes.TYPE_LIMIT).price(Prices.toFixed(exit ? 2600 : 2400)).exit(exit)
                        .instrumentKey(KEY).tag((exit ? "sx-" : "se-") + i));
            }
            return null;
        });
        calls.await(() -> {
            final Map<Long, Ack> last = new HashMap<>();
            events.acks.forEach(a -> last.put(a.intentId, a));
            return last.values().stream().filter(a -> a.code == AckCode.ACCEPTED || a.code == AckCode.FAILED).count() == entries + exits;
        }, 60_000, "every intent to be settled");

        assertEquals(0L, sim.rateLimitViolations(), () -> "the simulator never had to refuse a call over its limits\n" + timeline());
        assertTrue(sim.requests().maxOrderCallsWithin(SimulatorConfig.DEFAULT_USER_ID, Duration.ofSeconds(1)) <= 10);
        assertEquals(List.of(), sim.duplicateTags(), "no tag placed twice");
        assertEquals(0L, calls.onLoop(r::duplicatesDetected));
        // four places were processed but unanswered; each is found by tag before any retry. Under heavy load a
        // verification or order-book read can adopt one first (no duplicate either way, asserted above), so
        // at least one, not all four, must have gone through the history lookup
        assertTrue(calls.onLoop(r::duplicatesPrevented) >= 1, "the placed-but-unanswered calls were found by tag");
        // exits first: apart from the entries that took the idle connections before the exits were
        // submitted, no entry's first place arrived before the last exit's first place
        final Map<String, Integer> firstArrival = new HashMap<>();
        final List<RecordedRequest> places = sim.requests().to(Endpoint.PLACE_ORDER);
        for (int i = 0; i < places.size(); i++) {
            firstArrival.putIfAbsent(JSON.readTree(places.get(i).body()).path("tag").asText(), i);
        }
        int lastExit = -1;
        for (int i = entries + 1; i <= entries + exits; i++) {
            lastExit = Math.max(lastExit, firstArrival.get("sx-" + i));
        }
        int entriesBefore = 0;
        for (int i = 1; i <= entries; i++) {
            entriesBefore += firstArrival.get("se-" + i) < lastExit ? 1 : 0;
        }
        assertTrue(entriesBefore <= OrderGatewayConfig.ORDER_CONNECTIONS_DEFAULT, "entries ahead of exits: " + entriesBefore);
    }

    /** Arrival timeline for a failure message: ms since the first request, endpoint, answer. */
    private String timeline() {
        final List<RecordedRequest> all = sim.requests().all();
        final long t0 = all.get(0).receivedNanos();
        final StringBuilder sb = new StringBuilder();
        for (final RecordedRequest q : all) {
            sb.append(String.format("%9.1f %-14s %d%n", (q.receivedNanos() - t0) / 1e6, q.endpoint(), q.httpStatus()));
        }
        return sb.toString();
    }

    @Test
    void shouldSendNothingToTheSimulatorInPaperOrDryRunMode() throws Exception {
        startSim();
        final OrderGatewayConfig config = config();
        for (final OrderMode mode : new OrderMode[]{OrderMode.PAPER, OrderMode.DRY_RUN}) {
            final OrderRouter quiet = calls.onLoop(() -> OrderRouters.create(mode, config, loop, SystemEpochClock.INSTANCE, events,
                    MarketCalendar.nseDefault(), (l, c, h) -> new io.kavach.order.dryrun.DryRunOrderRouter(h)));
            calls.onLoop(() -> quiet.submit(limit(100 + mode.ordinal(), OrderCodes.SIDE_BUY, 2400, "q-" + mode.ordinal())));
            assertTrue(calls.onLoop(() -> quiet.submit(new OrderIntent().cancel(200 + mode.ordinal(), 100 + mode.ordinal())))
                    == SubmitResult.HANDLED_LOCALLY);
            calls.onLoop(() -> {
                quiet.close();
                return null;
            });
        }
        Thread.sleep(300);
        sim.requests().assertNoOrderEndpointRequests();
    }
}
