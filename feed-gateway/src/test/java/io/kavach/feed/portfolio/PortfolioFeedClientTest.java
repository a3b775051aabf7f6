package io.kavach.feed.portfolio;

import io.kavach.config.instrument.InstrumentRegistry;
import io.kavach.feed.connection.FakeUpstoxFeedServer;
import io.kavach.feed.connection.FeedConnectionConfig;
import io.kavach.feed.connection.FeedConnectionListener;
import io.kavach.feed.connection.TokenSource;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The portfolio stream over a real loopback socket: authorize with the update types, JSON text frames to callbacks, reconnect. */
class PortfolioFeedClientTest {
    private static final String TOKEN = "portfolio-secret-token";
    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final BlockingQueue<String> updates = new LinkedBlockingQueue<>();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private FakeUpstoxFeedServer server;
    private PortfolioFeedClient client;

    @AfterEach
    void tearDown() {
        client.stop();
        server.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        events.forEach(e -> assertTrue(!e.contains(TOKEN), "token leaked: " + e));
    }

    @Test
    void shouldAuthorizeForAllUpdateTypesAndDeliverOrderUpdatesAcrossAReconnect() throws Exception {
        server = new FakeUpstoxFeedServer(TOKEN);
        final InstrumentRegistry registry = new InstrumentRegistry();
        registry.register("NSE_EQ|INE002A01018");
        final PortfolioUpdateDecoder decoder = new PortfolioUpdateDecoder(registry, new PortfolioUpdateHandler() {
            @Override
            public void onOrderUpdate(final PortfolioUpdateView order) {
                updates.add("order " + order.orderIdText() + " " + order.statusText() + " id=" + order.instrumentId());
            }

            @Override
            public void onPositionUpdate(final PortfolioUpdateView position) {
                updates.add("position " + position.quantity());
            }

            @Override
            public void onOtherUpdate(final PortfolioUpdateView update) {
                updates.add("other " + update.type());
            }
        });
        final TokenSource tokens = new TokenSource() {
            @Override
            public String currentToken() {
                return TOKEN;
            }

            @Override
            public String reload() {
                return TOKEN;
            }
        };
        final FeedConnectionListener listener = new FeedConnectionListener() {
            @Override
            public void onConnected(final String feedName) {
                events.add("connected");
            }

            @Override
            public void onDisconnected(final String feedName, final String reason, final long retryInMs) {
                events.add("disconnected " + reason);
            }

            @Override
            public void onPaused(final String feedName, final String alert, final long recheckInMs) {
                events.add("paused " + alert);
            }

            @Override
            public void onBadFrame(final String feedName, final String description) {
                events.add("bad " + description);
            }
        };
        final FeedConnectionConfig config = new FeedConnectionConfig("portfolio-feed",
            URI.create(server.baseUrl() + FeedConnectionConfig.PORTFOLIO_AUTHORIZE_PATH))
            .pingIntervalMs(100).pongTimeoutMs(600).backoff(50, 400, 0.25).connectTimeoutMs(3_000);
        client = new PortfolioFeedClient(group.next(), config, tokens, decoder, listener, new Random(3));
        client.start();
        awaitEvents(1);
        assertEquals("/v2/feed/portfolio-stream-feed/authorize?update_types=order%2Cposition%2Cholding%2Cgtt_order", server.authorizeUris.get(0));

        server.broadcastText(PortfolioUpdateDecoderTest.ORDER_UPDATE);
        assertEquals("order 231019000123456 trigger pending id=0", updates.poll(10, TimeUnit.SECONDS));
        server.broadcastText("{\"update_type\":\"order\",\"price\":");
        server.broadcastText("{\"update_type\":\"position\",\"quantity\":-10}");
        assertEquals("position -10", updates.poll(10, TimeUnit.SECONDS), "a malformed update is skipped, the next one delivered");
        assertTrue(events.stream().anyMatch(e -> e.startsWith("bad portfolio update rejected: MALFORMED_JSON")), events.toString());

        server.dropAll();
        awaitEvents(2);
        server.broadcastText("{\"update_type\":\"holding\"}");
        assertEquals("other 3", updates.poll(10, TimeUnit.SECONDS));
        assertEquals(2, server.authorizeCalls.get());
    }

    private void awaitEvents(final int connected) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (events.stream().filter("connected"::equals).count() < connected || server.openSockets() < 1) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not connected: " + events);
            }
            Thread.sleep(10);
        }
    }
}
