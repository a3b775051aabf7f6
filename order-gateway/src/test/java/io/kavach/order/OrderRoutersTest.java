package io.kavach.order;

import io.kavach.config.Prices;
import io.kavach.config.time.MarketCalendar;
import io.kavach.order.dryrun.DryRunOrderRouter;
import io.kavach.order.testserver.RecordingOrderEventHandler;
import io.kavach.order.testserver.UpstoxTestServer;
import io.netty.channel.EventLoop;
import io.netty.channel.nio.NioEventLoopGroup;
import org.agrona.concurrent.SystemEpochClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Paper and dry-run never build the live client: a listening server proves nothing reached it. */
class OrderRoutersTest {
    private final NioEventLoopGroup group = new NioEventLoopGroup(1);
    private final EventLoop loop = group.next();
    private final RecordingOrderEventHandler events = new RecordingOrderEventHandler();
    private final AtomicInteger liveBuilds = new AtomicInteger();
    private UpstoxTestServer server;
    private OrderGatewayConfig config;

    @BeforeEach
    void setUp() throws Exception {
        server = new UpstoxTestServer(SystemEpochClock.INSTANCE);
        config = new OrderGatewayConfig().orderBaseUri(server.baseUri()).readBaseUri(server.baseUri()).accessToken("t")
                .marketHoursCheck(false);
    }

    @AfterEach
    void tearDown() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        server.close();
    }

    private final OrderRouters.LiveRouterFactory countingLive = (c, l, clock, h, cal) -> {
        liveBuilds.incrementAndGet();
        return OrderRouters.LIVE.create(c, l, clock, h, cal);
    };

    /** Stands in for the paper broker: records intents, acknowledges locally. */
    private static final class RecordingPaperRouter extends LocalOrderRouter {
        final List<Long> intents = new ArrayList<>();

        @Override
        public int submit(final OrderIntent intent) {
            intents.add(intent.intentId);
            return SubmitResult.HANDLED_LOCALLY;
        }

        @Override
        protected boolean knows(final long intentId) {
            return intents.contains(intentId);
        }
    }

    private OrderRouter build(final OrderMode mode, final RecordingPaperRouter paper) throws Exception {
        return loop.submit(() -> OrderRouters.create(mode, config, loop, SystemEpochClock.INSTANCE, events,
                MarketCalendar.nseDefault(), countingLive, (l, clock, h) -> paper)).get(5, TimeUnit.SECONDS);
    }

    private void submitSome(final OrderRouter router) throws Exception {
        loop.submit(() -> {
            final OrderIntent in = new OrderIntent();
            for (int i = 1; i <= 20; i++) {
                router.submit(in.reset().place(i, OrderCodes.SIDE_BUY, 1).orderType(OrderCodes.TYPE_LIMIT)
                        .price(Prices.toFixed(10)).instrumentKey("NSE_EQ|INE002A01018").tag("m-" + i).exit(i % 2 == 0));
            }
            router.submit(in.reset().cancel(99, 1));
            return null;
        }).get(5, TimeUnit.SECONDS);
        Thread.sleep(300); // time for any stray connection or request to reach the server
    }

    @Test
    void shouldNeverTouchTheOrderEndpointsInDryRun() throws Exception {
        final OrderRouter router = build(OrderMode.DRY_RUN, new RecordingPaperRouter());
        assertInstanceOf(DryRunOrderRouter.class, router);
        submitSome(router);
        assertEquals(0, liveBuilds.get(), "live client never constructed");
        assertEquals(0, server.connectionsAccepted());
        assertEquals(0, server.requestCount());
        assertEquals(21, loop.submit(events.acks::size).get());
        assertTrue(loop.submit(() -> events.acks.stream().allMatch(a -> a.code == AckCode.NOOP)).get());
    }

    @Test
    void shouldNeverTouchTheOrderEndpointsInPaperMode() throws Exception {
        final RecordingPaperRouter paper = new RecordingPaperRouter();
        final OrderRouter router = build(OrderMode.PAPER, paper);
        submitSome(router);
        assertEquals(21, paper.intents.size());
        assertEquals(0, liveBuilds.get(), "live client never constructed");
        assertEquals(0, server.connectionsAccepted());
        assertEquals(0, server.requestCount());
    }

    @Test
    void shouldReachTheServerInLiveModeWhichIsWhatTheOtherTestsRuleOut() throws Exception {
        final OrderRouter router = build(OrderMode.LIVE, new RecordingPaperRouter());
        submitSome(router);
        assertEquals(1, liveBuilds.get());
        assertTrue(server.connectionsAccepted() > 0);
        assertTrue(server.requests().stream().anyMatch(UpstoxTestServer.Request::isOrderCall));
        loop.submit(router::close).get(5, TimeUnit.SECONDS);
    }

    @Test
    void shouldParseModeNames() {
        assertEquals(OrderMode.DRY_RUN, OrderMode.parse("dry-run"));
        assertEquals(OrderMode.PAPER, OrderMode.parse(" Paper "));
        assertEquals(OrderMode.LIVE, OrderMode.parse("live"));
    }
}
