package io.kavach.sim;

import io.kavach.feed.proto.MarketDataFeedV3.Feed;
import io.kavach.feed.proto.MarketDataFeedV3.FeedResponse;
import io.kavach.feed.proto.MarketDataFeedV3.MarketFullFeed;
import io.kavach.feed.proto.MarketDataFeedV3.MarketStatus;
import io.kavach.feed.proto.MarketDataFeedV3.RequestMode;
import io.kavach.feed.proto.MarketDataFeedV3.Type;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static io.kavach.sim.SimFixtures.EQUITY;
import static io.kavach.sim.SimFixtures.INDEX;
import static io.kavach.sim.SimFixtures.OPEN_MS;
import static io.kavach.sim.SimFixtures.OPTION;
import static io.kavach.sim.SimFixtures.TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MarketFeedTest {
    private UpstoxSimulator sim;
    private RestClient rest;
    private FeedClient feed;

    @BeforeEach
    void start() throws Exception {
        sim = UpstoxSimulator.start(SimFixtures.quietMarket().tls(true).build());
        rest = new RestClient(sim, TOKEN);
        feed = FeedClient.connect(rest.http(), SimFixtures.authorizeMarket(rest));
    }

    @AfterEach
    void stop() {
        final java.util.List<String> errors = sim.errors();
        feed.close();
        sim.close();
        assertTrue(errors.isEmpty(), "simulator errors: " + errors);
    }

    @Test
    void shouldSendMarketInfoFirstThenSnapshotThenLiveTicksStampedWithMarketTime() throws Exception {
        final FeedResponse info = feed.nextFrame();
        assertEquals(Type.market_info, info.getType());
        assertEquals(MarketStatus.NORMAL_OPEN, info.getMarketInfo().getSegmentStatusMap().get("NSE_EQ"));
        assertEquals(OPEN_MS, info.getCurrentTs());

        feed.sub("ltpc", EQUITY);
        final FeedResponse snapshot = feed.nextFrame();
        assertEquals(Type.initial_feed, snapshot.getType());
        assertEquals(2500.0, snapshot.getFeedsMap().get(EQUITY).getLtpc().getLtp());
        assertEquals(2500.0, snapshot.getFeedsMap().get(EQUITY).getLtpc().getCp());

        sim.tickAt(OPEN_MS + 1_234, EQUITY, 2501.05, 7);
        final FeedResponse live = feed.nextFrame();
        assertEquals(Type.live_feed, live.getType());
        assertEquals(OPEN_MS + 1_234, live.getCurrentTs());
        final Feed f = live.getFeedsMap().get(EQUITY);
        assertEquals(RequestMode.ltpc, f.getRequestMode());
        assertEquals(2501.05, f.getLtpc().getLtp());
        assertEquals(OPEN_MS + 1_234, f.getLtpc().getLtt());
        assertEquals(7, f.getLtpc().getLtq());
        assertEquals(2500.0, f.getLtpc().getCp());
    }

    @Test
    void shouldSendFullFeedWithFiveLevelsOhlcAndVolumesReportedAsFullD5() throws Exception {
        feed.nextFrame();
        feed.sub("full", EQUITY);
        feed.nextFrame();
        sim.tickAt(OPEN_MS + 30_000, EQUITY, 2502.0, 10);
        sim.tickAt(OPEN_MS + 40_000, EQUITY, 2498.0, 30);
        feed.nextFrame();
        final Feed f = feed.nextFrame().getFeedsMap().get(EQUITY);
        assertEquals(RequestMode.full_d5, f.getRequestMode());
        final MarketFullFeed m = f.getFullFeed().getMarketFF();
        assertEquals(5, m.getMarketLevel().getBidAskQuoteCount());
        assertEquals(2497.95, m.getMarketLevel().getBidAskQuote(0).getBidP(), 1e-9);
        assertEquals(2498.05, m.getMarketLevel().getBidAskQuote(0).getAskP(), 1e-9);
        assertEquals("1d", m.getMarketOHLC().getOhlc(0).getInterval());
        assertEquals(2502.0, m.getMarketOHLC().getOhlc(0).getOpen());
        assertEquals(2502.0, m.getMarketOHLC().getOhlc(0).getHigh());
        assertEquals(2498.0, m.getMarketOHLC().getOhlc(0).getLow());
        assertEquals("I1", m.getMarketOHLC().getOhlc(1).getInterval());
        assertEquals(40, m.getVtt());
        assertEquals(2499.0, m.getAtp(), 1e-9);
        assertTrue(m.getTbq() > 0 && m.getTsq() > 0);
    }

    @Test
    void shouldSendIndexFullFeedForIndexKeysAndThirtyLevelsForFullD30() throws Exception {
        feed.nextFrame();
        feed.sub("full", INDEX);
        final Feed index = feed.nextFrame().getFeedsMap().get(INDEX);
        assertTrue(index.getFullFeed().hasIndexFF());
        assertEquals(18000.0, index.getFullFeed().getIndexFF().getLtpc().getLtp());
        assertEquals(2, index.getFullFeed().getIndexFF().getMarketOHLC().getOhlcCount());

        feed.sub("full_d30", EQUITY);
        final Feed d30 = feed.nextFrame().getFeedsMap().get(EQUITY);
        assertEquals(RequestMode.full_d30, d30.getRequestMode());
        assertEquals(30, d30.getFullFeed().getMarketFF().getMarketLevel().getBidAskQuoteCount());
    }

    @Test
    void shouldSendFirstLevelWithGreeksForOptionGreeksMode() throws Exception {
        feed.nextFrame();
        feed.sub("option_greeks", OPTION);
        feed.nextFrame();
        sim.tick(OPTION, 101.5, 75);
        final Feed f = feed.nextFrame().getFeedsMap().get(OPTION);
        assertEquals(RequestMode.option_greeks, f.getRequestMode());
        assertEquals(101.5, f.getFirstLevelWithGreeks().getLtpc().getLtp());
        assertEquals(101.45, f.getFirstLevelWithGreeks().getFirstDepth().getBidP(), 1e-9);
        assertTrue(f.getFirstLevelWithGreeks().getOi() > 0);
        assertEquals(0.5, f.getFirstLevelWithGreeks().getOptionGreeks().getDelta());
    }

    @Test
    void shouldChangeModeAndStopSendingAfterUnsub() throws Exception {
        feed.nextFrame();
        feed.sub("ltpc", EQUITY, INDEX);
        assertEquals(2, feed.nextFrame().getFeedsCount());
        feed.changeMode("full", EQUITY);
        final FeedResponse changed = feed.nextFrame();
        assertEquals(Type.initial_feed, changed.getType());
        assertEquals(RequestMode.full_d5, changed.getFeedsMap().get(EQUITY).getRequestMode());

        feed.unsub(EQUITY);
        // the unsub frame and this tick run in order on the simulator loop
        waitFor(() -> !sim.marketFeed().subscriptions().get(0).containsKey(EQUITY));
        sim.tick(EQUITY, 2600.0, 1);
        sim.tick(INDEX, 18100.0, 0);
        final FeedResponse next = feed.nextFrame();
        assertFalse(next.getFeedsMap().containsKey(EQUITY));
        assertEquals(18100.0, next.getFeedsMap().get(INDEX).getLtpc().getLtp());
        assertNull(feed.binary.poll(100, TimeUnit.MILLISECONDS));
    }

    @Test
    void shouldIgnoreTextFramesAndUnknownKeysButCountThem() throws Exception {
        feed.nextFrame();
        feed.socket.sendText("{\"guid\":\"x\",\"method\":\"sub\",\"data\":{\"mode\":\"ltpc\",\"instrumentKeys\":[\"" + EQUITY + "\"]}}", true).join();
        feed.sub("ltpc", "NSE_EQ|NOSUCHKEY");
        feed.sendJson("not json");
        waitFor(() -> sim.marketFeed().problems().size() == 3);
        assertTrue(sim.marketFeed().problems().get(0).contains("binary"));
        assertTrue(sim.marketFeed().subscriptions().get(0).isEmpty());
    }

    @Test
    void shouldBeDecodableByUpstoxsOwnGeneratedClassesWithNoUnknownFields() throws Exception {
        final com.upstox.marketdatafeederv3udapi.rpc.proto.MarketDataFeedV3.FeedResponse info =
            com.upstox.marketdatafeederv3udapi.rpc.proto.MarketDataFeedV3.FeedResponse.parseFrom(nextRaw());
        assertEquals("market_info", info.getType().name());
        assertEquals("NORMAL_OPEN", info.getMarketInfo().getSegmentStatusMap().get("NSE_FO").name());
        feed.sub("full", EQUITY, INDEX);
        feed.sub("option_greeks", OPTION);
        nextRaw();
        nextRaw();
        sim.tickAt(OPEN_MS + 2_000, EQUITY, 2503.5, 4);
        final com.upstox.marketdatafeederv3udapi.rpc.proto.MarketDataFeedV3.FeedResponse live =
            com.upstox.marketdatafeederv3udapi.rpc.proto.MarketDataFeedV3.FeedResponse.parseFrom(nextRaw());
        assertEquals("live_feed", live.getType().name());
        assertEquals(OPEN_MS + 2_000, live.getCurrentTs());
        final var full = live.getFeedsMap().get(EQUITY);
        assertEquals("full_d5", full.getRequestMode().name());
        assertEquals(2503.5, full.getFullFeed().getMarketFF().getLtpc().getLtp());
        assertEquals(5, full.getFullFeed().getMarketFF().getMarketLevel().getBidAskQuoteCount());
        assertEquals("I1", full.getFullFeed().getMarketFF().getMarketOHLC().getOhlc(1).getInterval());
        assertTrue(live.getUnknownFields().asMap().isEmpty());
        assertTrue(full.getFullFeed().getMarketFF().getUnknownFields().asMap().isEmpty());
        sim.tick(OPTION, 99.0, 25);
        final var greeks = com.upstox.marketdatafeederv3udapi.rpc.proto.MarketDataFeedV3.FeedResponse.parseFrom(nextRaw())
            .getFeedsMap().get(OPTION).getFirstLevelWithGreeks();
        assertEquals(99.0, greeks.getLtpc().getLtp());
        assertEquals(25, greeks.getVtt());
        assertTrue(greeks.getUnknownFields().asMap().isEmpty());
    }

    private byte[] nextRaw() throws InterruptedException {
        final byte[] bytes = feed.binary.poll(5, TimeUnit.SECONDS);
        if (bytes == null) {
            throw new AssertionError("no market feed frame within 5 s");
        }
        return bytes;
    }

    @Test
    void shouldPingWhenIdleAndAnswerClientPings() throws Exception {
        feed.nextFrame();
        waitFor(() -> feed.pings.get() >= 2);
        feed.socket.sendPing(java.nio.ByteBuffer.wrap(new byte[]{1})).join();
        waitFor(() -> feed.pongs.get() >= 1);
    }

    static void waitFor(final java.util.function.BooleanSupplier condition) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 5 s");
            }
            Thread.sleep(10);
        }
    }
}
