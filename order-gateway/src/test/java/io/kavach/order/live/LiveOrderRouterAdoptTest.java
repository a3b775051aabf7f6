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
import io.kavach.order.testserver.RecordingOrderEventHandler;
import io.kavach.sim.SimulatorConfig;
import io.kavach.sim.UpstoxSimulator;
import io.kavach.sim.http.Endpoint;
import io.kavach.sim.scenario.InstrumentSpec;
import io.kavach.sim.scenario.Scenario;
import io.netty.channel.EventLoop;
import io.netty.channel.nio.NioEventLoopGroup;
import org.agrona.concurrent.SystemEpochClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A restarted engine's new router adopts the orders its journal has open ({@link OrderRouter#adopt}):
 * against tools/upstox-sim over loopback sockets, one router places, is closed (the engine stops),
 * the broker fills or keeps the orders, and a second router adopts them.
 */
class LiveOrderRouterAdoptTest {
    private static final String KEY = "NSE_EQ|INE002A01018";
    private static final long OPEN_MS = ZonedDateTime.of(2026, 11, 20, 9, 20, 0, 0, ZoneId.of("Asia/Kolkata")).toInstant().toEpochMilli();

    private final NioEventLoopGroup group = new NioEventLoopGroup(1);
    private final EventLoop loop = group.next();
    private final LoopCalls calls = new LoopCalls(loop);
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

    @Test
    void shouldReportAFillMadeWhileStoppedAsItsOwnIntentsUpdateAndKeepAnOpenOneCancellableWithoutPlacingAgain() throws Exception {
        sim = UpstoxSimulator.start(SimulatorConfig.builder()
                .scenario(() -> Scenario.quiet(OPEN_MS, List.of(InstrumentSpec.of(KEY, 2500.0)))).build());
        final RecordingOrderEventHandler before = new RecordingOrderEventHandler();
        router = live(before);
        final LiveOrderRouter first = (LiveOrderRouter) router;
        calls.onLoop(() -> router.submit(limit(1, 2400.0, "adopt-1")));
        calls.onLoop(() -> router.submit(limit(2, 2300.0, "adopt-2")));
        calls.await(() -> first.order(1).status() == OrderStatus.OPEN && first.order(2).status() == OrderStatus.OPEN, 10_000, "both bids open");
        final String id1 = calls.onLoop(() -> first.order(1).brokerOrderId().toString());
        final String id2 = calls.onLoop(() -> first.order(2).brokerOrderId().toString());
        calls.onLoop(() -> {
            router.close(); // the engine stops
            return null;
        });

        sim.tickAt(sim.marketTimeMs() + 1_000, KEY, 2390.0, 1); // bid 1 fills while nobody listens
        awaitTrue(() -> sim.orders().stream().anyMatch(o -> o.path("order_id").asText().equals(id1)
                && "complete".equals(o.path("status").asText())), "bid 1 filled at the broker");

        final RecordingOrderEventHandler after = new RecordingOrderEventHandler();
        // adopted in the loop task that creates the router, before its first tick reads the order book
        // (as LiveEngine.startForRecovery does): otherwise the book could report them as someone else's first
        final boolean[] adopted = calls.onLoop(() -> {
            router = build(after);
            return new boolean[]{
                router.adopt(limit(1, 2400.0, "adopt-1"), id1, OrderStatus.OPEN, 0, 0),
                router.adopt(limit(2, 2300.0, "adopt-2"), id2, OrderStatus.OPEN, 0, 0),
                router.adopt(limit(1, 2400.0, "adopt-1"), id1, OrderStatus.OPEN, 0, 0),
                router.adopt(limit(3, 2400.0, "adopt-3"), "999", OrderStatus.COMPLETE, 1, 0)};
        });
        final LiveOrderRouter second = (LiveOrderRouter) router;
        assertTrue(adopted[0] && adopted[1], "both open bids adopted");
        assertFalse(adopted[2], "adopted once only");
        assertFalse(adopted[3], "a final order is not adopted");

        calls.await(() -> router.adoptionsPending() == 0, 10_000, "both adopted orders read at the broker");
        final RecordingOrderEventHandler.Update fill = calls.onLoop(() -> after.updates.stream()
                .filter(u -> u.intentId == 1 && u.status == OrderStatus.COMPLETE).findFirst().orElse(null));
        assertTrue(fill != null && !fill.external && fill.filledQuantity == 1 && id1.equals(fill.brokerOrderId),
                "the fill comes back as intent 1's own update: " + calls.onLoop(() -> after.updates.toString()));
        assertEquals(OrderStatus.OPEN, calls.onLoop(() -> second.order(2).status()));

        calls.onLoop(() -> router.submit(new OrderIntent().cancel(4, 2)));
        calls.await(() -> second.order(2).status() == OrderStatus.CANCELLED, 10_000, "the adopted open bid cancelled");
        assertEquals(AckCode.ACCEPTED, calls.onLoop(() -> after.acksFor(4).get(0).code));
        assertEquals(2, sim.requests().to(Endpoint.PLACE_ORDER).size(), "nothing placed again");
        assertEquals(0, calls.onLoop(() -> after.updates.stream().filter(u -> u.external).count()), "no adopted order taken for someone else's");
    }

    private OrderRouter live(final RecordingOrderEventHandler events) {
        return calls.onLoop(() -> build(events));
    }

    /** Builds and starts the live router; on the loop. */
    private OrderRouter build(final RecordingOrderEventHandler events) {
        final OrderGatewayConfig config = new OrderGatewayConfig()
                .orderBaseUri(sim.orderBaseUrl()).readBaseUri(sim.apiBaseUrl())
                .accessToken(SimulatorConfig.DEFAULT_TOKEN).algoName("kavach-sim-test").marketHoursCheck(false)
                .requestTimeoutMs(1_500).lookupSettleMs(500).verifyDelayMs(300).retryBackoffMs(200, 2_000);
        return OrderRouters.create(OrderMode.LIVE, config, loop, SystemEpochClock.INSTANCE, events,
                MarketCalendar.nseDefault(), (l, c, h) -> {
                    throw new AssertionError("no paper router in live mode");
                });
    }

    private static OrderIntent limit(final long id, final double price, final String tag) {
        return new OrderIntent().place(id, OrderCodes.SIDE_BUY, 1).orderType(OrderCodes.TYPE_LIMIT).price(Prices.toFixed(price))
                .instrumentKey(KEY).tag(tag);
    }

    private static void awaitTrue(final BooleanSupplier done, final String what) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
